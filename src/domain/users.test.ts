import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SYSTEM_BOT_USERNAME, isActiveSystemAdmin, parseSystemRoles, usernameError } from './users.js';

test("the system bot's name is reserved", () => {
  assert.equal(SYSTEM_BOT_USERNAME, 'switchboard');
  assert.equal(usernameError('switchboard')?.id, 'model.user.is_valid.username.app_error');
  assert.equal(usernameError('switchboard-fan'), null);
});

test('roles fields are read as Mattermost reads them, limited to the roles Switchboard has', () => {
  const cases: Array<[string, ReturnType<typeof parseSystemRoles>]> = [
    ['system_user', { kind: 'ok', roles: 'system_user' }],
    ['system_admin system_user', { kind: 'ok', roles: 'system_user system_admin' }],
    ['  system_user   system_admin system_user ', { kind: 'ok', roles: 'system_user system_admin' }],
    ['system_admin', { kind: 'malformed' }],
    ['', { kind: 'malformed' }],
    ['System_User', { kind: 'malformed' }],
    ['system_user,system_admin', { kind: 'malformed' }],
    ['system_user team_admin', { kind: 'unknown', role: 'team_admin' }],
    ['system_guest', { kind: 'unknown', role: 'system_guest' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseSystemRoles(input), expected, JSON.stringify(input));
});

test('only an active system admin governs', () => {
  assert.equal(isActiveSystemAdmin({ roles: 'system_user system_admin', delete_at: 0 }), true);
  assert.equal(isActiveSystemAdmin({ roles: 'system_user system_admin', delete_at: 5 }), false);
  assert.equal(isActiveSystemAdmin({ roles: 'system_user', delete_at: 0 }), false);
});
