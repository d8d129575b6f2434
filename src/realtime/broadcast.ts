// The Broadcast object every WebSocket event carries, and the per-connection delivery filter it implies.

export interface Broadcast {
  /** User ids that must not receive the event; Mattermost serialises "none" as null. */
  omit_users: Record<string, boolean> | null;
  user_id: string;
  channel_id: string;
  team_id: string;
  connection_id: string;
  omit_connection_id: string;
}

/** The client reads every field, so events always carry all six, filled with Mattermost's empty values. */
export function fullBroadcast(partial: Partial<Broadcast> = {}): Broadcast {
  const omit = partial.omit_users;
  return {
    omit_users: omit && Object.keys(omit).length > 0 ? { ...omit } : null,
    user_id: partial.user_id ?? '',
    channel_id: partial.channel_id ?? '',
    team_id: partial.team_id ?? '',
    connection_id: partial.connection_id ?? '',
    omit_connection_id: partial.omit_connection_id ?? '',
  };
}

/**
 * Whether one connection of one user gets the event. Channel and team membership are not checked here:
 * the caller already chose the recipients, so only the user- and connection-level restrictions apply.
 */
export function deliversTo(b: Broadcast, userId: string, connectionId: string): boolean {
  if (b.omit_users && b.omit_users[userId]) return false;
  if (b.user_id !== '' && b.user_id !== userId) return false;
  if (b.connection_id !== '' && b.connection_id !== connectionId) return false;
  if (b.omit_connection_id !== '' && b.omit_connection_id === connectionId) return false;
  return true;
}
