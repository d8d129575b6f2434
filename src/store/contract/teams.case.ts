// Store contract for teams and their members. Run by store.case.ts on every database.
import assert from 'node:assert/strict';
import type { ContractCase } from './contract-case.js';
import { assertUniqueViolation } from './contract-case.js';
import { team, user } from './records.js';

export const teamsCases: ContractCase[] = [
  {
    name: 'teams round-trip; members are upserted; a user lists their teams',
    async run(store) {
      const u = user('teamer');
      await store.users.insert(u);
      const openBefore = await store.teams.count(true);
      const allBefore = await store.teams.count(false);
      const t = team('team-a');
      await store.teams.insert(t);
      await store.teams.insert(team('team-closed', { allow_open_invite: false }));
      assert.deepEqual(await store.teams.getByName('team-a'), t);
      assert.deepEqual(await store.teams.get(t.id), t);
      await store.teams.upsertMember({ team_id: t.id, user_id: u.id, roles: 'team_user', delete_at: 0 }, 5);
      await store.teams.upsertMember({ team_id: t.id, user_id: u.id, roles: 'team_user team_admin', delete_at: 0 }, 6);
      assert.equal((await store.teams.getMember(t.id, u.id))?.roles, 'team_user team_admin');
      assert.deepEqual((await store.teams.listMembers(t.id, { offset: 0, limit: 10 })).map((m) => m.user_id), [u.id]);
      assert.deepEqual((await store.teams.listForUser(u.id)).map((x) => x.id), [t.id]);
      assert.equal(await store.teams.count(true), openBefore + 1);
      assert.equal(await store.teams.count(false), allBefore + 2);
      assert.ok((await store.teams.list({ offset: 0, limit: 100 }, true)).every((x) => x.allow_open_invite));
      assert.deepEqual((await store.users.list({ offset: 0, limit: 10 }, t.id)).map((x) => x.id), [u.id]);
    },
  },
  {
    name: 'a taken team name is a UniqueViolation',
    async run(store) {
      await store.teams.insert(team('team-taken'));
      await assertUniqueViolation(store.teams.insert(team('team-taken')), 'teams', ['name']);
    },
  },
];
