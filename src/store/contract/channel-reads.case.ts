// Store contract for what a member has read: memberships listed per team (direct channels
// included, deleted channels left out), public channels of a team, marking a channel viewed and
// counting mentions. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import type { Store } from '../store.js';
import type { ContractCase } from './contract-case.js';
import { newId } from '../../adapters/ids.js';
import type { Channel, ChannelMember } from '../../domain/channels.js';

const channel = (teamId: string, name: string, type: Channel['type'], extra: Partial<Channel> = {}): Channel => ({
  id: newId(), create_at: 1, update_at: 1, delete_at: 0, team_id: teamId, type, display_name: name, name,
  header: '', purpose: '', last_post_at: 0, last_root_post_at: 0, total_msg_count: 0, total_msg_count_root: 0, creator_id: '',
  ...extra,
});

const member = (channelId: string, userId: string): ChannelMember => ({
  channel_id: channelId, user_id: userId, roles: 'channel_user', last_viewed_at: 0, last_update_at: 0, msg_count: 0,
  mention_count: 0, notify_props: {},
});

async function channelReads(store: Store) {
  const team = newId();
  const otherTeam = newId();
  const me = newId();
  const you = newId();
  const beta = channel(team, 'beta', 'O', { display_name: 'Beta' });
  const alpha = channel(team, 'alpha', 'O', { display_name: 'Alpha' });
  const secret = channel(team, 'secret', 'P');
  const gone = channel(team, 'gone', 'O', { delete_at: 9 });
  const elsewhere = channel(otherTeam, 'elsewhere', 'O');
  const direct = channel('', `${me}__${you}`, 'D');
  for (const c of [beta, alpha, secret, gone, elsewhere, direct]) await store.channels.insert(c);
  for (const c of [beta, secret, gone, elsewhere, direct]) await store.channels.upsertMember(member(c.id, me));
  await store.channels.upsertMember(member(beta.id, you));

  const mine = await store.channels.listMembersForUserInTeam(me, team);
  assert.deepEqual(mine.map((m) => m.channel_id).sort(), [beta.id, secret.id, direct.id].sort());
  assert.ok(mine.every((m) => m.user_id === me));

  assert.deepEqual((await store.channels.listPublicInTeam(team, { offset: 0, limit: 10 })).map((c) => c.id), [alpha.id, beta.id]);
  assert.deepEqual((await store.channels.listPublicInTeam(team, { offset: 1, limit: 10 })).map((c) => c.id), [beta.id]);

  // Three posts, two mentions of me; then I read the channel.
  for (const at of [10, 20, 30]) await store.channels.recordPost(beta.id, at, true);
  await store.channels.addMentions(beta.id, [me, you], 20);
  await store.channels.addMentions(beta.id, [me], 30);
  await store.channels.addMentions(beta.id, [], 31);
  let got = await store.channels.getMember(beta.id, me);
  assert.equal(got?.mention_count, 2);
  assert.equal(got?.msg_count, 0);
  assert.equal((await store.channels.getMember(beta.id, you))?.mention_count, 1);

  assert.equal(await store.channels.markViewed(beta.id, me, 40), true);
  got = await store.channels.getMember(beta.id, me);
  assert.deepEqual([got?.msg_count, got?.mention_count, got?.last_viewed_at], [3, 0, 40]);
  // The other member's counts are theirs.
  assert.equal((await store.channels.getMember(beta.id, you))?.mention_count, 1);
  assert.equal(await store.channels.markViewed(alpha.id, me, 41), false);
}

export const channelReadsCases: ContractCase[] = [
  { name: 'memberships per team, public channels, viewed and mention counts', run: channelReads },
];
