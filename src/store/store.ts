// The storage port: one sub-store per concept. The app layer depends on this interface only;
// src/store/sql implements it once for SQLite and PostgreSQL. The records it stores are the
// domain's (src/domain); the errors it raises are its own (./errors.ts), never a driver's.
import type { User, UserWithPassword } from '../domain/users.js';
import type { Team, TeamMember } from '../domain/teams.js';
import type { Channel, ChannelMember } from '../domain/channels.js';
import type { Post } from '../domain/posts.js';
import type { IntersectFields, StoredHook } from '../domain/outgoing-hooks/hook.js';
import type { Delivery, DeliveryAttempt, DeliveryState } from '../domain/delivery/delivery.js';
import type { Session } from '../domain/sessions.js';
import type { Page } from '../domain/paging.js';

export interface UsersStore {
  insert(user: UserWithPassword): Promise<void>;
  get(id: string): Promise<User | null>;
  getMany(ids: string[]): Promise<User[]>;
  getByUsername(username: string): Promise<User | null>;
  /** Finds a user by username or email (case-insensitive), with the password hash, for login. */
  getForLogin(loginId: string): Promise<UserWithPassword | null>;
  getWithPassword(id: string): Promise<UserWithPassword | null>;
  list(page: Page, inTeam?: string): Promise<User[]>;
  count(): Promise<number>;
  /**
   * Counts a login attempt before its password is checked, so that guesses arriving together cannot
   * get past the limit: false means the account is locked (maxAttempts failures, the last one less
   * than lockoutMs ago; lockoutMs 0 never forgets). Failures older than lockoutMs no longer count.
   */
  countLoginAttempt(id: string, now: number, lock: { maxAttempts: number; lockoutMs: number }): Promise<boolean>;
  /** The password matched: the count of failed attempts starts over. */
  clearLoginAttempts(id: string): Promise<void>;
  /** A new password: its hash, last_password_update and update_at; failed attempts start over. */
  setPassword(id: string, passwordHash: string, at: number): Promise<void>;
  /** Swaps `from` for a stronger hash of the same password, unless the password changed meanwhile. */
  upgradePasswordHash(id: string, from: string, to: string): Promise<void>;
  /** Deactivates (`deleteAt` > 0) or reactivates (0) a user. */
  setDeleteAt(id: string, deleteAt: number, at: number): Promise<void>;
  setRoles(id: string, roles: string, at: number): Promise<void>;
  /** Ids of deactivated users. */
  listDeactivatedIds(): Promise<string[]>;
  /** Ids of active users holding system_admin. */
  activeSystemAdminIds(): Promise<string[]>;
  /** Inside a transaction: holds the lock on system-admin changes until commit (never leave none). */
  lockAdminChanges(): Promise<void>;
}

export interface SessionsStore {
  insert(session: Session): Promise<void>;
  getByTokenHash(tokenHash: string): Promise<Session | null>;
  delete(id: string): Promise<void>;
  /** Deletes every session of the user except `keepId`; returns the ids deleted. */
  deleteForUser(userId: string, keepId?: string): Promise<string[]>;
  touch(id: string, at: number): Promise<void>;
}

export interface TeamsStore {
  insert(team: Team): Promise<void>;
  get(id: string): Promise<Team | null>;
  getByName(name: string): Promise<Team | null>;
  list(page: Page, openOnly: boolean): Promise<Team[]>;
  count(openOnly: boolean): Promise<number>;
  listForUser(userId: string): Promise<Team[]>;
  upsertMember(member: TeamMember, createAt: number): Promise<void>;
  getMember(teamId: string, userId: string): Promise<TeamMember | null>;
  listMembers(teamId: string, page: Page): Promise<TeamMember[]>;
}

export interface ChannelsStore {
  insert(channel: Channel): Promise<void>;
  get(id: string): Promise<Channel | null>;
  /** The channels among `ids` that exist, in no particular order. */
  getMany(ids: string[]): Promise<Channel[]>;
  getByName(teamId: string, name: string, includeDeleted: boolean): Promise<Channel | null>;
  listForUserInTeam(userId: string, teamId: string): Promise<Channel[]>;
  update(channel: Channel): Promise<void>;
  /** Counts a new post: bumps last_post_at and the message totals. */
  recordPost(channelId: string, createAt: number, isRoot: boolean): Promise<void>;
  upsertMember(member: ChannelMember): Promise<void>;
  getMember(channelId: string, userId: string): Promise<ChannelMember | null>;
  listMembers(channelId: string, page: Page): Promise<ChannelMember[]>;
  memberUserIds(channelId: string): Promise<string[]>;
  removeMember(channelId: string, userId: string): Promise<void>;
  /** The user's memberships of the team's live channels and of their direct channels (team ""). */
  listMembersForUserInTeam(userId: string, teamId: string): Promise<ChannelMember[]>;
  /** Live public channels of a team, by display name then id. */
  listPublicInTeam(teamId: string, page: Page): Promise<Channel[]>;
  /**
   * The member has read the channel up to now: msg_count catches up with the channel's total,
   * mention_count goes back to 0, last_viewed_at becomes `at`. False when the user is not a member.
   */
  markViewed(channelId: string, userId: string, at: number): Promise<boolean>;
  /** One more unread mention for each of these members of the channel. */
  addMentions(channelId: string, userIds: string[], at: number): Promise<void>;
}

export interface PostsStore {
  insert(post: Post): Promise<void>;
  get(id: string): Promise<Post | null>;
  update(post: Post): Promise<void>;
  /** Newest first, `rootsOnly` leaves replies out. */
  listPage(channelId: string, page: Page, rootsOnly: boolean): Promise<Post[]>;
  /** Every post (deleted ones included) changed after `since`. */
  listSince(channelId: string, since: number): Promise<Post[]>;
  /** Posts created before (older) or after (newer) a given post, newest first. */
  listAround(channelId: string, pivot: { create_at: number; id: string }, direction: 'before' | 'after', page: Page): Promise<Post[]>;
  /** The root and all live replies, oldest first. */
  thread(rootId: string): Promise<Post[]>;
  /** Nearest live post strictly newer / older than the given one, or null. */
  neighbour(channelId: string, pivot: { create_at: number; id: string }, direction: 'newer' | 'older', rootsOnly: boolean): Promise<Post | null>;
}

export interface SystemsStore {
  get(name: string): Promise<string | null>;
  /** Stores the value unless one exists; returns the value in force. */
  getOrInsert(name: string, value: string): Promise<string>;
}

export interface HookFilter {
  teamId?: string;
  channelId?: string;
  creatorId?: string;
}

export interface OutgoingHooksStore {
  insert(hook: StoredHook): Promise<void>;
  update(hook: StoredHook): Promise<void>;
  /** A live (not deleted) hook, or null. */
  get(id: string): Promise<StoredHook | null>;
  /** Live hooks, create_at then id ascending. */
  list(filter: HookFilter, page: Page): Promise<StoredHook[]>;
  /**
   * Inside a transaction: holds the team's hook lock until commit, so checks that span several
   * hooks (the duplicate rule) and the write that follows them cannot interleave.
   */
  lockTeam(teamId: string): Promise<void>;
  /** Every live hook (to build the trigger index at start). */
  listAllLive(): Promise<StoredHook[]>;
  /**
   * Whether a live hook other than `exceptId` intersects `candidate` (hooksIntersect: same team and
   * channel, a shared trigger word and a shared callback URL; disabled hooks count). Looked up in an
   * index, so its cost does not grow with the number of hooks in the team.
   */
  anyIntersecting(candidate: IntersectFields, exceptId: string | null): Promise<boolean>;
  /** Live hooks of the team bound to `channelId` ("" = team-wide) other than `exceptId`, counted up to `atMost`. */
  countInChannel(teamId: string, channelId: string, exceptId: string, atMost: number): Promise<number>;
}

/**
 * How much each destination may be given in one claim: `rooms` for the destinations named there (0
 * leaves them out), `perDestination` for every other one.
 */
export interface DestinationRooms {
  perDestination: number;
  rooms: ReadonlyMap<string, number>;
}

export interface QueueStats {
  depth: number;
  oldestDueAt: number | null;
  deferred: number;
}

export interface DeliveriesStore {
  /** Any number of deliveries (one post's whole fan-out), written in bounded batches. */
  insert(deliveries: Delivery[]): Promise<void>;
  /**
   * Leases up to `limit` due deliveries to `owner` until `now + leaseMs`, oldest first, and at most
   * each destination's room (without `rooms`, any number per destination). Clears deferred_until.
   */
  claimDue(now: number, limit: number, owner: string, leaseMs: number, rooms?: DestinationRooms): Promise<Delivery[]>;
  /**
   * Defers the destination's unleased deliveries due before `until` to `until`, without touching
   * anything else (attempt count, state, errors); returns how many were deferred.
   */
  deferDue(destination: string, until: number, now: number): Promise<number>;
  /** Writes the delivery's progress and releases its lease. */
  update(delivery: Delivery): Promise<void>;
  /**
   * Writes the outcome of an attempt and releases the lease, but only if no other attempt was
   * recorded since the delivery was claimed (its attempt_count is still `fromAttemptCount`).
   * False means another worker got there first; the caller rolls its transaction back.
   */
  recordOutcome(delivery: Delivery, fromAttemptCount: number): Promise<boolean>;
  /** Pushes the leases of `ids` held by `owner` out to `until` (a worker still busy with them). */
  renewLeases(ids: string[], owner: string, until: number): Promise<number>;
  /** Drops every lease (SQLite at start: no other process can be working on the queue). */
  releaseAllLeases(): Promise<number>;
  get(id: string): Promise<Delivery | null>;
  listForHook(hookId: string, state: DeliveryState | undefined, page: Page): Promise<Delivery[]>;
  insertAttempt(attempt: DeliveryAttempt): Promise<void>;
  attempts(deliveryId: string): Promise<DeliveryAttempt[]>;
  /**
   * The most recent succeeded or failed deliveries of a hook, newest first (for the failure streak);
   * cancelled ones never reached the receiver and are left out.
   */
  recentFinished(hookId: string, limit: number): Promise<Delivery[]>;
  /** Deletes finished deliveries (and their attempts) older than `before` or beyond `maxPerHook`. */
  prune(before: number, maxPerHook: number): Promise<number>;
  /** Unfinished deliveries, the next_attempt_at of the oldest due one, and how many are deferred now. */
  queueStats(now: number): Promise<QueueStats>;
}

export interface Store {
  users: UsersStore;
  sessions: SessionsStore;
  teams: TeamsStore;
  channels: ChannelsStore;
  posts: PostsStore;
  systems: SystemsStore;
  outgoingHooks: OutgoingHooksStore;
  deliveries: DeliveriesStore;
  /** Runs `fn` in one transaction; everything it writes commits or rolls back together. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Asks the database a trivial question over a real connection; rejects if it cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
