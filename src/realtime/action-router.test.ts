// Unit tests of the WebSocket request router's decisions and check order (api-v4-compat §8.2, §8.3, §8.7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeRequest, type RouteContext } from './action-router.js';
import { deliversTo, fullBroadcast } from './broadcast.js';

const ctx = (authenticated: boolean): RouteContext => ({ authenticated, serverVersion: 'v', now: () => 42 });
const req = (action: unknown, seq: unknown, data: Record<string, unknown> = {}) => ({ action, seq, data });

test('checks run in Mattermost order: action, seq, challenge, authentication, action name', () => {
  const errorId = (o: ReturnType<typeof routeRequest>) => (o.kind === 'reply' ? o.response.error?.id : o.kind);
  assert.equal(errorId(routeRequest(req(undefined, 0), ctx(false))), 'api.web_socket_router.no_action.app_error');
  assert.equal(errorId(routeRequest(req('', 1), ctx(true))), 'api.web_socket_router.no_action.app_error');
  assert.equal(errorId(routeRequest(req('ping', 1.5), ctx(false))), 'api.web_socket_router.bad_seq.app_error');
  assert.equal(errorId(routeRequest(req('ping', '1'), ctx(true))), 'api.web_socket_router.bad_seq.app_error');
  assert.equal(errorId(routeRequest(req('nope', 1), ctx(false))), 'api.web_socket_router.not_authenticated.app_error');
  assert.equal(errorId(routeRequest(req('nope', 1), ctx(true))), 'api.web_socket_router.bad_action.app_error');
});

test('challenge: hands the token to the hub, or null when missing; ignored once authenticated', () => {
  assert.deepEqual(routeRequest(req('authentication_challenge', 1, { token: 't' }), ctx(false)), { kind: 'challenge', seq: 1, token: 't' });
  assert.deepEqual(routeRequest(req('authentication_challenge', 1, { token: '' }), ctx(false)), { kind: 'challenge', seq: 1, token: null });
  assert.deepEqual(routeRequest(req('authentication_challenge', 4, { token: 't' }), ctx(true)), { kind: 'ignore' });
});

test('ping answers the pong data of §8.7', () => {
  assert.deepEqual(routeRequest(req('ping', 7), ctx(true)), {
    kind: 'reply',
    response: { status: 'OK', seq_reply: 7, data: { text: 'pong', version: 'v', server_time: 42, node_id: '' } },
  });
});

test('fullBroadcast fills every field; deliversTo applies user and connection restrictions', () => {
  assert.deepEqual(fullBroadcast({ channel_id: 'c', omit_users: {} }), {
    omit_users: null,
    user_id: '',
    channel_id: 'c',
    team_id: '',
    connection_id: '',
    omit_connection_id: '',
  });
  const b = fullBroadcast({ omit_users: { bob: true }, omit_connection_id: 'k1' });
  assert.equal(deliversTo(b, 'alice', 'k2'), true);
  assert.equal(deliversTo(b, 'alice', 'k1'), false);
  assert.equal(deliversTo(b, 'bob', 'k3'), false);
  assert.equal(deliversTo(fullBroadcast({ user_id: 'alice' }), 'bob', 'k'), false);
  assert.equal(deliversTo(fullBroadcast({ connection_id: 'k9' }), 'alice', 'k1'), false);
});
