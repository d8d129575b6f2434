// Shared set-up for the outgoing-webhook end-to-end suites: a server with the feature on and
// loopback receivers allowed, a team with an admin, a team admin and a member, and readers for the
// delivery log and the webhook posts of a channel.
import assert from 'node:assert/strict';
import { adminClient, startTestServer, uniqueName, userClient, type Client, type TestServer } from './server.js';
import { eventually } from './receiver.js';
import { call } from './wire.js';

export interface Person {
  client: Client;
  token: string;
  id: string;
  username: string;
}

export interface HookWorld {
  server: TestServer;
  /** System admin, creator of the team. */
  admin: Person;
  /** Plain user who created `team`, so they are its team admin (and nothing more). */
  teamAdmin: Person;
  /** Plain member of `team`. */
  member: Person;
  /** Plain member of `team` too. */
  member2: Person;
  team: { id: string; name: string };
  /** A second team; only the system admin belongs to it. */
  otherTeam: { id: string; name: string };
  town: { id: string; name: string };
  /** A private channel of `team` with the admin and `member` in it. */
  secret: { id: string; name: string };
  patchConfig(patch: Record<string, unknown>): Promise<void>;
  /** A fresh public channel of `team` that everyone in it has joined. */
  newChannel(prefix?: string): Promise<{ id: string; name: string }>;
}

export const BASE_SETTINGS = {
  EnableOutgoingWebhooks: true,
  AllowedUntrustedInternalConnections: '127.0.0.1',
};

export async function startHookWorld(kind: 'sqlite' | 'postgres', config: Record<string, any> = {}): Promise<HookWorld> {
  const server = await startTestServer(kind, {
    ...config,
    ServiceSettings: { ...BASE_SETTINGS, ...(config.ServiceSettings ?? {}) },
    // One attempt per delivery, so a failure is final at once and nothing fires later by surprise.
    WebhookSettings: { RetryScheduleSeconds: [], ...(config.WebhookSettings ?? {}) },
  });
  const a = await adminClient(server);
  const ta = await userClient(server, a.client);
  const m = await userClient(server, a.client);
  const m2 = await userClient(server, a.client);
  // The team admin is a plain user who created the team (its creator gets team_admin); the system
  // admin and the members join it. `otherTeam` belongs to the system admin alone.
  const team = await ta.client.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' });
  for (const u of [a, m, m2]) await a.client.addToTeam(team.id, u.user.id);
  const otherTeam = await a.client.createTeam({ name: uniqueName('other'), display_name: 'Other', type: 'O' });
  const town = await a.client.getChannelByName(team.id, 'town-square');
  const secret = await a.client.createChannel({ team_id: team.id, name: uniqueName('secret'), display_name: 'Secret', type: 'P' });
  await a.client.addToChannel(m.user.id, secret.id);
  const person = (x: { client: Client; user: { id: string; username: string } }): Person => ({
    client: x.client, token: x.client.getToken(), id: x.user.id, username: x.user.username,
  });
  const world: HookWorld = {
    server,
    admin: person(a), teamAdmin: person(ta), member: person(m), member2: person(m2),
    team: { id: team.id, name: team.name },
    otherTeam: { id: otherTeam.id, name: otherTeam.name },
    town: { id: town.id, name: town.name },
    secret: { id: secret.id, name: secret.name },
    patchConfig: async (patch) => {
      await a.client.patchConfig(patch);
    },
    async newChannel(prefix = 'chan') {
      const name = uniqueName(prefix).toLowerCase();
      const ch = await a.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O' });
      for (const u of [ta, m, m2]) await a.client.addToChannel(u.user.id, ch.id);
      return { id: ch.id, name: ch.name };
    },
  };
  return world;
}

/** Creates a hook as `who` with sensible defaults for the fields the test does not care about. */
export function createHook(who: Person, fields: Record<string, unknown>) {
  return who.client.createOutgoingWebhook({
    trigger_when: 0, content_type: 'application/json', display_name: 'hook', ...fields,
  });
}

/** The delivery log of a hook (newest first, as the server lists it). */
export async function deliveries(world: HookWorld, hookId: string, token = world.admin.token): Promise<any[]> {
  const res = await call(world.server.url, 'GET', `/api/v4/hooks/outgoing/${hookId}/deliveries?per_page=200`, { token });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

const FINISHED = ['succeeded', 'failed', 'cancelled'];

/** Waits until every delivery of the hook for `postId` is finished, and returns them. */
export async function finishedDeliveries(world: HookWorld, hookId: string, postId: string, count = 1): Promise<any[]> {
  return eventually(async () => {
    const list = (await deliveries(world, hookId)).filter((d) => d.post_id === postId);
    return list.length >= count && list.every((d) => FINISHED.includes(d.state)) ? list : undefined;
  }, 30_000);
}

/** Posts of a channel that came from webhooks, oldest first. */
export async function webhookPosts(world: HookWorld, channelId: string): Promise<any[]> {
  const list = await world.admin.client.getPosts(channelId, 0, 200);
  return list.order.map((id: string) => list.posts[id]).filter((p: any) => p.props?.from_webhook === 'true').reverse();
}

/** The webhook posts a delivery created, in order. */
export async function replyPostsOf(world: HookWorld, delivery: { reply_post_ids: string[] }): Promise<any[]> {
  return Promise.all(delivery.reply_post_ids.map((id) => world.admin.client.getPost(id)));
}
