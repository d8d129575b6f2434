// Teams through Client4: creation with its default channels, lookup, listing (with total count),
// and membership (add, list, get, remove), with who may do what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, userClient } from './support/server.js';
import { clientError } from './support/wire.js';

const DENIED = 'api.context.permissions.app_error';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: teams and team members`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const { client: admin, user: adminUser } = await adminClient(server);
    const { client: bob, user: bobUser } = await userClient(server, admin);
    const { client: carol, user: carolUser } = await userClient(server, admin);

    let closed: any;
    let open: any;
    await t.test('create: 201 shape, creator is team admin, default channels, name rules', async () => {
      closed = await bob.createTeam({ name: 'closed-team', display_name: 'Closed', type: 'I', description: 'd' });
      assert.equal(closed.name, 'closed-team');
      assert.equal(closed.type, 'I');
      assert.equal(closed.allow_open_invite, false);
      assert.equal(closed.email, '');
      assert.equal(closed.scheme_id, '');
      assert.equal(closed.group_constrained, false);
      assert.match(closed.invite_id, /^[a-z0-9]{26}$/);
      const me = await bob.getTeamMember(closed.id, bobUser.id);
      assert.equal(me.roles, 'team_user team_admin');
      assert.equal(me.scheme_admin, true);
      const mine = await bob.getMyChannels(closed.id);
      assert.deepEqual(mine.map((c: any) => c.name).sort(), ['off-topic', 'town-square']);
      open = await admin.createTeam({ name: 'open-team', display_name: 'Open', type: 'O', allow_open_invite: true });
      await assert.rejects(admin.createTeam({ name: 'open-team', display_name: 'Again', type: 'O' }), clientError(400, 'app.team.save.existing.app_error'));
      await assert.rejects(admin.createTeam({ name: 'api-team', display_name: 'R', type: 'O' }), clientError(400, 'model.team.is_valid.reserved.app_error'));
      await assert.rejects(admin.createTeam({ name: 'Bad_Name!', display_name: 'R', type: 'O' }), clientError(400, 'model.team.is_valid.characters.app_error'));
      await assert.rejects(admin.createTeam({ name: 'x', display_name: 'R', type: 'O' }), clientError(400, 'model.team.is_valid.characters.app_error'));
      await assert.rejects(admin.createTeam({ name: 'okteam', display_name: '', type: 'O' }), clientError(400));
      await assert.rejects(admin.createTeam({ name: 'okteam', display_name: 'T', type: 'Z' }), clientError(400));
    });

    await t.test('get and by name: members, open teams and admins only', async () => {
      assert.equal((await bob.getTeam(closed.id)).id, closed.id);
      assert.equal((await bob.getTeamByName('closed-team')).id, closed.id);
      assert.equal((await admin.getTeam(closed.id)).id, closed.id);
      assert.equal((await carol.getTeamByName('open-team')).id, open.id);
      await assert.rejects(carol.getTeam(closed.id), clientError(403, DENIED));
      await assert.rejects(carol.getTeamByName('closed-team'), clientError(403, DENIED));
      await assert.rejects(carol.getTeamByName('no-such-team'), clientError(404, 'app.team.get_by_name.missing.app_error'));
    });

    await t.test('lists: mine, all for admins, open ones for others, with total count', async () => {
      assert.deepEqual((await bob.getMyTeams()).map((x: any) => x.id), [closed.id]);
      const all = await admin.getTeams(0, 60, true);
      assert.equal(all.total_count, 2);
      assert.deepEqual(all.teams.map((x: any) => x.id).sort(), [closed.id, open.id].sort());
      const visible = await carol.getTeams(0, 60, true);
      assert.equal(visible.total_count, 1);
      assert.deepEqual(visible.teams.map((x: any) => x.id), [open.id]);
      assert.ok(Array.isArray(await carol.getTeams(0, 60)));
      assert.equal((await admin.getTeams(0, 1)).length, 1);
      assert.equal((await admin.getTeams(1, 1)).length, 1);
      assert.equal((await admin.getTeams(2, 1)).length, 0);
    });

    await t.test('members: add (201, idempotent), self-join only open teams, list, get, remove', async () => {
      await assert.rejects(carol.addToTeam(closed.id, carolUser.id), clientError(403, DENIED));
      const self = await carol.addToTeam(open.id, carolUser.id);
      assert.equal(self.roles, 'team_user');
      assert.deepEqual(await carol.addToTeam(open.id, carolUser.id), self);
      const added = await bob.addToTeam(closed.id, carolUser.id);
      assert.deepEqual(added, {
        team_id: closed.id, user_id: carolUser.id, roles: 'team_user', delete_at: 0,
        scheme_guest: false, scheme_user: true, scheme_admin: false, explicit_roles: '',
      });
      assert.deepEqual((await carol.getMyChannels(closed.id)).map((c: any) => c.name).sort(), ['off-topic', 'town-square']);
      await assert.rejects(bob.addToTeam(closed.id, 'a'.repeat(26)), clientError(404, 'app.user.missing_account.const'));
      const members = await carol.getTeamMembers(closed.id, 0, 60);
      assert.deepEqual(members.map((m: any) => m.user_id).sort(), [bobUser.id, carolUser.id].sort());
      assert.equal((await carol.getTeamMembers(closed.id, 0, 1)).length, 1);
      assert.equal((await carol.getTeamMembers(closed.id, 1, 1)).length, 1);
      assert.equal((await carol.getTeamMember(closed.id, bobUser.id)).roles, 'team_user team_admin');
      await assert.rejects(carol.getTeamMember(closed.id, adminUser.id), clientError(404));
      const adminsOnly = await admin.createTeam({ name: 'staff-only', display_name: 'A', type: 'I' });
      await assert.rejects(carol.getTeamMembers(adminsOnly.id), clientError(403, DENIED));
      // Plain members cannot remove others; team admins can; anyone can leave.
      await assert.rejects(carol.removeFromTeam(closed.id, bobUser.id), clientError(403, DENIED));
      assert.deepEqual(await bob.removeFromTeam(closed.id, carolUser.id), { status: 'OK' });
      await assert.rejects(bob.getTeamMember(closed.id, carolUser.id), clientError(404, 'app.team.get_member.missing.app_error'));
      await assert.rejects(carol.getTeam(closed.id), clientError(403, DENIED));
      assert.deepEqual(await carol.getMyChannels(closed.id), []);
      await assert.rejects(bob.removeFromTeam(closed.id, carolUser.id), clientError(404));
      // Rejoining works and restores the default channels.
      await bob.addToTeam(closed.id, carolUser.id);
      assert.equal((await carol.getTeam(closed.id)).id, closed.id);
      assert.deepEqual((await carol.getMyChannels(closed.id)).map((c: any) => c.name).sort(), ['off-topic', 'town-square']);
      assert.deepEqual(await carol.removeFromTeam(open.id, carolUser.id), { status: 'OK' });
      assert.deepEqual((await carol.getMyTeams()).map((x: any) => x.id), [closed.id]);
    });
  });
}
