// Store contract for channels and their members. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import { newId } from '../../adapters/ids.js';
import type { ContractCase } from './contract-case.js';
import { assertUniqueViolation } from './contract-case.js';
import { channel, team, user } from './records.js';

export const channelsCases: ContractCase[] = [
  {
    name: 'channels round-trip; members; posts are counted on the channel',
    async run(store) {
      const u = user('channeler');
      await store.users.insert(u);
      const t = team('team-channels');
      await store.teams.insert(t);
      const c = channel(t.id, 'general');
      await store.channels.insert(c);
      assert.deepEqual(await store.channels.getByName(t.id, 'general', false), c);
      await store.channels.upsertMember({ channel_id: c.id, user_id: u.id, roles: 'channel_user', last_viewed_at: 0, last_update_at: 0, msg_count: 0, mention_count: 0, notify_props: { desktop: 'default' } });
      assert.deepEqual(await store.channels.memberUserIds(c.id), [u.id]);
      assert.deepEqual((await store.channels.getMember(c.id, u.id))?.notify_props, { desktop: 'default' });
      assert.deepEqual((await store.channels.listMembers(c.id, { offset: 0, limit: 10 })).map((m) => m.user_id), [u.id]);
      assert.deepEqual((await store.channels.listForUserInTeam(u.id, t.id)).map((x) => x.id), [c.id]);
      await store.channels.recordPost(c.id, 100, true);
      await store.channels.recordPost(c.id, 50, false);
      const counted = await store.channels.get(c.id);
      assert.equal(counted?.last_post_at, 100);
      assert.equal(counted?.total_msg_count, 2);
      assert.equal(counted?.total_msg_count_root, 1);
      assert.deepEqual(await store.channels.getMany([c.id, newId()]), [counted]);
      assert.deepEqual(await store.channels.getMany([]), []);
      await store.channels.update({ ...counted!, type: 'P', update_at: 200 });
      assert.equal((await store.channels.get(c.id))?.type, 'P');
      await store.channels.removeMember(c.id, u.id);
      assert.deepEqual(await store.channels.memberUserIds(c.id), []);
    },
  },
  {
    name: 'a channel name taken in the team is a UniqueViolation (team_id, name); other teams may use it',
    async run(store) {
      const [t, other] = [team('team-names'), team('team-names-2')];
      await store.teams.insert(t);
      await store.teams.insert(other);
      const first = channel(t.id, 'taken');
      await store.channels.insert(first);
      await assertUniqueViolation(store.channels.insert(channel(t.id, 'taken')), 'channels', ['team_id', 'name']);
      await store.channels.insert(channel(other.id, 'taken'));
      // A rename into a taken name is refused the same way.
      const second = channel(t.id, 'free');
      await store.channels.insert(second);
      await assertUniqueViolation(store.channels.update({ ...second, name: 'taken' }), 'channels', ['team_id', 'name']);
    },
  },
];
