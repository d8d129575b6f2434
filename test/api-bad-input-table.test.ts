// Bad input with a known answer, table-driven with plain fetch: each row is a request and the exact
// status and error id it must get. Covers wrong JSON types, bad query values, NUL characters, deep
// nesting, out-of-range numbers, and reading or writing other users' private and direct channels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { startTestServer } from './support/server.js';
import { assertAppError, call } from './support/wire.js';
import { buildWorld, type World } from './support/world.js';

interface Row {
  as: 'admin' | 'bob' | 'nobody';
  method: string;
  path: string;
  body?: unknown;
  /** A raw body string sent with Content-Type: application/json. */
  raw?: string;
  status: number;
  id?: string;
}

const BODY = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';
const PARAM = 'api.context.invalid_param.app_error';
const DENIED = 'api.context.permissions.app_error';

function rows(w: World): Row[] {
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return [
    // Wrong JSON types.
    { as: 'nobody', method: 'POST', path: '/users', body: { username: 5, email: 'a@b.c', password: 'password1' }, status: 400, id: BODY },
    { as: 'nobody', method: 'POST', path: '/users', body: [{ username: 'x' }], status: 400, id: BODY },
    { as: 'nobody', method: 'POST', path: '/users/login', body: { login_id: 5, password: 'password1' }, status: 400, id: BODY },
    { as: 'nobody', method: 'POST', path: '/users/login', body: { login_id: 'x', password: ['p'] }, status: 400, id: BODY },
    { as: 'nobody', method: 'POST', path: '/users/login', body: { id: 'junk', password: 'password1' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/teams', body: { name: ['team'], display_name: 'T' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/teams', body: { name: 'fine', display_name: 'T', allow_open_invite: 'yes' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: `/teams/${w.team.id}/members`, body: { user_id: 5 }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: `/teams/${w.team.id}/members`, body: { user_id: 'junk' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: `/teams/${w.team.id}/members`, body: { user_id: w.bob.id, team_id: w.town.id }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels', body: { team_id: {}, name: 'x', display_name: 'X' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels', body: { team_id: 'junk', name: 'x', display_name: 'X', type: 'O' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels', body: { team_id: w.team.id, name: 'dm', display_name: 'X', type: 'D' }, status: 400, id: 'api.channel.create_channel.direct_channel.app_error' },
    { as: 'admin', method: 'POST', path: '/channels', body: { team_id: w.team.id, name: 'Bad Name', display_name: 'X', type: 'O' }, status: 400, id: 'model.channel.is_valid.2_or_more.app_error' },
    { as: 'admin', method: 'POST', path: '/channels', body: { team_id: w.team.id, name: 'okname', display_name: '', type: 'O' }, status: 400, id: 'model.channel.is_valid.display_name.app_error' },
    { as: 'admin', method: 'POST', path: `/channels/${w.town.id}/members`, body: { user_id: 'junk' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: `/channels/${w.town.id}/members`, body: { user_id: [w.bob.id] }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels/direct', body: { user_ids: [w.admin.id, w.bob.id] }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels/direct', body: [w.admin.id], status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels/direct', body: [w.admin.id, w.bob.id, w.carol.id], status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels/direct', body: [w.admin.id, 5], status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels/direct', body: ['junk', 'junk'], status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 5 }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', props: 'p' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', file_ids: 'f' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', file_ids: ['junk'] }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', metadata: { priority: 'high' } }, status: 400 },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', metadata: { priority: { priority: 'urgent', requested_ack: 'yes' } } }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', metadata: { priority: { priority: 'urgent', persistent_notifications: 1 } } }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', root_id: 'junk' }, status: 400, id: 'api.post.create_post.root_id.app_error' },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', type: 'system_join_channel' }, status: 400 },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: 'junk', message: 'x' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'x', type: `custom_${'a'.repeat(58)}` }, status: 400, id: 'model.post.is_valid.type.app_error' },
    { as: 'admin', method: 'PUT', path: `/posts/${w.bobPostId}/patch`, body: { message: 5 }, status: 400, id: BODY },
    { as: 'admin', method: 'PUT', path: `/posts/${w.bobPostId}/patch`, body: { is_pinned: 'yes' }, status: 400, id: BODY },
    { as: 'admin', method: 'PUT', path: '/config/patch', body: { ServiceSettings: { MaxPostSize: 'big' } }, status: 400, id: 'model.config.is_valid.servicesettings_maxpostsize.app_error' },
    { as: 'admin', method: 'PUT', path: '/config/patch', body: { ServiceSettings: 5 }, status: 400 },
    { as: 'admin', method: 'PUT', path: '/config/patch', body: [], status: 400, id: BODY },
    { as: 'admin', method: 'PUT', path: '/config', body: 'config', status: 400, id: BODY },
    // NUL characters and hostile nesting never reach the database.
    { as: 'admin', method: 'POST', path: '/posts', body: { channel_id: w.town.id, message: 'a\u0000b' }, status: 400, id: BODY },
    { as: 'admin', method: 'PUT', path: `/posts/${w.bobPostId}/patch`, body: { message: 'a\u0000b' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/channels', body: { team_id: w.team.id, name: 'nul', display_name: 'N\u0000L', type: 'O' }, status: 400, id: BODY },
    { as: 'nobody', method: 'POST', path: '/users/login', body: { login_id: 'x\u0000', password: 'password1' }, status: 400, id: BODY },
    { as: 'admin', method: 'POST', path: '/posts', raw: `{"channel_id":"${w.town.id}","message":"x","props":${nested(5000)}}`, status: 400, id: BODY },
    { as: 'admin', method: 'PUT', path: `/posts/${w.bobPostId}/patch`, raw: `{"props":${nested(100)}}`, status: 400, id: BODY },
    { as: 'admin', method: 'GET', path: `/teams/${w.team.id}/channels/name/%00`, status: 400, id: URL_PARAM },
    { as: 'admin', method: 'GET', path: '/teams/name/a%00b', status: 400, id: URL_PARAM },
    { as: 'admin', method: 'GET', path: '/users/username/a%00b', status: 400, id: BODY },
    // Paths the router itself cannot take apart: broken percent-encoding, over-long segments.
    { as: 'admin', method: 'GET', path: '/users/%E0%A4%A', status: 400, id: URL_PARAM },
    { as: 'nobody', method: 'GET', path: '/channels/%ZZ/posts', status: 400, id: URL_PARAM },
    { as: 'admin', method: 'GET', path: `/posts/${'a'.repeat(5000)}`, status: 400, id: URL_PARAM },
    { as: 'admin', method: 'GET', path: `/users/username/${'a'.repeat(150)}`, status: 400, id: BODY },
    { as: 'admin', method: 'GET', path: `/teams/${w.team.id}/channels/name/${'a'.repeat(200)}`, status: 400, id: URL_PARAM },
    // Query parameters.
    { as: 'admin', method: 'GET', path: `/channels/${w.town.id}/posts?since=yesterday`, status: 400, id: BODY },
    { as: 'admin', method: 'GET', path: `/channels/${w.town.id}/posts?since=-5`, status: 400, id: BODY },
    { as: 'admin', method: 'GET', path: `/channels/${w.town.id}/posts?since=99999999999999999999999`, status: 400, id: BODY },
    { as: 'admin', method: 'GET', path: `/channels/${w.town.id}/posts?before=junk`, status: 400, id: BODY },
    { as: 'admin', method: 'GET', path: `/channels/${w.town.id}/posts?after=${w.secret.postId}`, status: 404, id: 'app.post.get.app_error' },
    { as: 'admin', method: 'GET', path: `/posts/${w.bobPostId}/thread?perPage=many`, status: 400, id: PARAM },
    { as: 'admin', method: 'GET', path: `/posts/${w.bobPostId}/thread?perPage=201`, status: 400, id: PARAM },
    { as: 'admin', method: 'GET', path: `/posts/${w.bobPostId}/thread?direction=sideways`, status: 400, id: PARAM },
    { as: 'admin', method: 'GET', path: `/posts/${w.bobPostId}/thread?fromPost=${w.bobPostId}`, status: 400, id: PARAM },
    { as: 'admin', method: 'GET', path: `/posts/${w.bobPostId}/thread?fromCreateAt=1&fromUpdateAt=1`, status: 400, id: PARAM },
    { as: 'admin', method: 'GET', path: `/posts/${w.bobPostId}/thread?fromCreateAt=soon`, status: 400, id: PARAM },
    { as: 'admin', method: 'GET', path: '/users?in_team=junk', status: 400, id: BODY },
    // A repeated query parameter counts by its first value; a NUL anywhere in the query is refused.
    { as: 'admin', method: 'GET', path: `/hooks/outgoing?team_id=junk&team_id=${w.team.id}`, status: 403, id: DENIED },
    { as: 'admin', method: 'GET', path: `/users?in_team=junk&in_team=${w.team.id}`, status: 400, id: BODY },
    { as: 'admin', method: 'GET', path: '/hooks/outgoing?team_id=%00', status: 400, id: URL_PARAM },
    { as: 'admin', method: 'GET', path: `/hooks/outgoing?team_id=${w.team.id}%00`, status: 400, id: URL_PARAM },
    { as: 'admin', method: 'GET', path: `/channels/${w.town.id}/posts?since=%00`, status: 400, id: URL_PARAM },
    { as: 'nobody', method: 'GET', path: '/system/ping?get_server_status=true&x%00=1', status: 400, id: URL_PARAM },
    { as: 'nobody', method: 'GET', path: '/config/client?format=new', status: 400, id: BODY },
    { as: 'nobody', method: 'GET', path: '/config/client', status: 501, id: 'api.config.client.old_format.app_error' },
    { as: 'admin', method: 'GET', path: '/users/username/no%20spaces', status: 400, id: BODY },
    // Unknown things.
    { as: 'admin', method: 'GET', path: `/users/${'a'.repeat(26)}`, status: 404, id: 'app.user.missing_account.const' },
    { as: 'admin', method: 'GET', path: `/teams/${'a'.repeat(26)}`, status: 404, id: 'app.team.get.find.app_error' },
    { as: 'admin', method: 'GET', path: '/teams/name/nosuchteam', status: 404, id: 'app.team.get_by_name.missing.app_error' },
    { as: 'admin', method: 'GET', path: `/channels/${'a'.repeat(26)}`, status: 404, id: 'app.channel.get.existing.app_error' },
    { as: 'admin', method: 'GET', path: `/posts/${'a'.repeat(26)}`, status: 404, id: 'app.post.get.app_error' },
    { as: 'admin', method: 'POST', path: `/teams/${w.team.id}/members`, body: { user_id: 'a'.repeat(26) }, status: 404, id: 'app.user.missing_account.const' },
    { as: 'admin', method: 'POST', path: '/channels/direct', body: [w.admin.id, 'a'.repeat(26)], status: 404, id: 'app.user.missing_account.const' },
    { as: 'nobody', method: 'POST', path: '/users/login', body: { login_id: 'nobody-here', password: 'password1' }, status: 401, id: 'api.user.login.invalid_credentials_email_username' },
    { as: 'nobody', method: 'POST', path: '/users/login', body: { login_id: w.bob.username, password: '' }, status: 400, id: 'api.user.login.blank_pwd.app_error' },
    // Other users' private and direct channels: bob is in the team but in neither channel.
    { as: 'bob', method: 'GET', path: `/channels/${w.secret.id}`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/teams/${w.team.id}/channels/name/${w.secret.name}`, status: 404, id: 'app.channel.get_by_name.missing.app_error' },
    { as: 'bob', method: 'GET', path: `/channels/${w.secret.id}/posts`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/channels/${w.secret.id}/posts?since=0`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/channels/${w.secret.id}/members`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/channels/${w.secret.id}/members/${w.admin.id}`, status: 403, id: DENIED },
    { as: 'bob', method: 'POST', path: `/channels/${w.secret.id}/members`, body: { user_id: w.bob.id }, status: 403, id: DENIED },
    { as: 'bob', method: 'DELETE', path: `/channels/${w.secret.id}/members/${w.admin.id}`, status: 403, id: DENIED },
    { as: 'bob', method: 'POST', path: '/posts', body: { channel_id: w.secret.id, message: 'let me in' }, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/posts/${w.secret.postId}`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/posts/${w.secret.postId}/thread`, status: 403, id: DENIED },
    { as: 'bob', method: 'PUT', path: `/posts/${w.secret.postId}/patch`, body: { message: 'mine now' }, status: 403, id: DENIED },
    { as: 'bob', method: 'DELETE', path: `/posts/${w.secret.postId}`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/channels/${w.dm.id}`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/channels/${w.dm.id}/posts`, status: 403, id: DENIED },
    { as: 'bob', method: 'POST', path: '/posts', body: { channel_id: w.dm.id, message: 'hi both' }, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/posts/${w.dm.postId}`, status: 403, id: DENIED },
    { as: 'bob', method: 'POST', path: `/channels/${w.dm.id}/members`, body: { user_id: w.bob.id }, status: 400 },
    { as: 'bob', method: 'POST', path: '/channels/direct', body: [w.admin.id, w.carol.id], status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/users/${w.admin.id}/teams`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: `/users/${w.admin.id}/teams/${w.team.id}/channels`, status: 403, id: DENIED },
    { as: 'bob', method: 'DELETE', path: `/teams/${w.team.id}/members/${w.admin.id}`, status: 403, id: DENIED },
    { as: 'bob', method: 'GET', path: '/config', status: 403, id: DENIED },
    { as: 'bob', method: 'PUT', path: '/config', body: {}, status: 403, id: DENIED },
    { as: 'bob', method: 'PUT', path: '/config/patch', body: { TeamSettings: { EnableOpenServer: true } }, status: 403, id: DENIED },
    { as: 'bob', method: 'POST', path: '/users', body: { username: 'sneaky', email: 'sneaky@example.com', password: 'password1' }, status: 403, id: 'api.user.create_user.no_open_server' },
  ];
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: bad input gets the documented 4xx AppError`, async (t) => {
    const server = await startTestServer(kind);
    t.after(() => server.stop());
    const w = await buildWorld(server);
    const tokens = { admin: w.admin.token, bob: w.bob.token, nobody: undefined };
    const failures: string[] = [];
    for (const row of rows(w)) {
      const what = `${row.as} ${row.method} ${row.path.slice(0, 120)}`;
      const res = await call(server.url, row.method, `/api/v4${row.path}`, {
        token: tokens[row.as],
        body: row.raw ?? row.body,
        headers: row.raw !== undefined ? { 'Content-Type': 'application/json' } : undefined,
      });
      try {
        assertAppError(res, row.status, row.id, what);
      } catch (e) {
        failures.push((e as Error).message.split('\n')[0]);
      }
    }
    assert.deepEqual(failures, []);
    // None of the refused writes happened.
    const secret = await w.admin.client.getPosts(w.secret.id, 0, 60);
    assert.deepEqual(secret.order, [w.secret.postId]);
    assert.equal(secret.posts[w.secret.postId].message, 'secret');
    assert.equal((await w.admin.client.getChannelMembers(w.secret.id)).length, 1);
  });
}
