// Replies becoming posts (spec §4, §5; §9 items 18, 28-37, 42, 77, 79, 81, 83, 84): author, display
// name and icon with the override switches on and off, props, type and priority rules, Slack
// translation, threads, and the reply reaching websocket clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import type { Receiver } from './support/receiver.js';
import { startHookWorld, webhookPosts } from './support/hooks.js';
import { exchanger } from './support/hook-exchange.js';
import { connectOfficial, type OfficialSocket } from './support/realtime.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind}: reply posts (§9 items 18, 28-37, 42, 77, 79, 81, 83, 84)`, async (t) => {
    const w = await startHookWorld(kind);
    const receivers: Receiver[] = [];
    const sockets: OfficialSocket[] = [];
    t.after(async () => {
      for (const s of sockets) s.close();
      for (const r of receivers) await r.close();
      await w.server.stop();
    });
    const { admin, member, member2 } = w;
    const exchange = exchanger(w, receivers);
    const overrides = (username: boolean, icon: boolean) =>
      w.patchConfig({ ServiceSettings: { EnablePostUsernameOverride: username, EnablePostIconOverride: icon } });
    const hookLook = { username: 'hookname', icon_url: 'http://hook/icon.png', display_name: 'Look' };

    await t.test('18. 28. JSON hook "Abracadabra", both overrides on: message, hook username and icon, from_webhook', async () => {
      await overrides(true, true);
      try {
        const x = await exchange({ text: 'sample response text from test server' }, { message: 'Abracadabra', hook: hookLook });
        assert.equal(x.posts.length, 1);
        const [p] = x.posts;
        assert.equal(p.message, 'sample response text from test server');
        assert.equal(p.user_id, admin.id, 'authored by the hook creator (D-n)');
        assert.equal(p.channel_id, x.channel.id);
        assert.equal(p.root_id, '');
        assert.equal(p.props.override_username, 'hookname');
        assert.equal(p.props.override_icon_url, 'http://hook/icon.png');
        assert.equal(p.props.from_webhook, 'true');
        const hello = await exchange({ text: 'Hello, World!' });
        assert.equal(hello.posts[0].message, 'Hello, World!');
      } finally {
        await overrides(false, false);
      }
    });

    await t.test('29. both overrides off: override_username "webhook" (D-j), no override_icon_url', async () => {
      const x = await exchange({ text: 'plain', username: 'ignored', icon_url: 'http://ignored/icon' }, { hook: hookLook });
      const [p] = x.posts;
      assert.equal(p.props.override_username, 'webhook');
      assert.equal('override_icon_url' in p.props, false);
    });

    await t.test('30. 77. overrides on: the reply\'s username and icon_url win over the hook\'s', async () => {
      await overrides(true, true);
      try {
        const x = await exchange({ text: 'mine', username: 'webhookuser', icon_url: 'http://webhook/icon' }, { hook: hookLook });
        assert.equal(x.posts[0].props.override_username, 'webhookuser');
        assert.equal(x.posts[0].props.override_icon_url, 'http://webhook/icon');
        const y = await exchange({ text: 'named', username: 'TestCommandServer' });
        assert.equal(y.posts[0].props.override_username, 'TestCommandServer');
        assert.equal('override_icon_url' in y.posts[0].props, false, 'no icon given anywhere: the creator\'s picture');
        const z = await exchange({ text: 'no name' });
        assert.equal(z.posts[0].props.override_username, 'webhook', 'no reply or hook username: "webhook"');
      } finally {
        await overrides(false, false);
      }
      // Only the username switch on: the name follows the reply, the icon does not.
      await overrides(true, false);
      try {
        const x = await exchange({ text: 'half', username: 'halfname', icon_url: 'http://webhook/icon' }, { hook: hookLook });
        assert.equal(x.posts[0].props.override_username, 'halfname');
        assert.equal('override_icon_url' in x.posts[0].props, false);
      } finally {
        await overrides(false, false);
      }
    });

    await t.test('31. props: from_webhook, webhook_display_name, attachments; forged props dropped, others kept', async () => {
      const attachments = [{ title: 'T', text: 'see <https://example.com|this>', fields: [{ title: 'n', value: 1234567, short: 'TRUE' }] }];
      const x = await exchange({
        text: 'with props',
        attachments,
        props: { from_webhook: 'false', override_username: 'evil', override_icon_emoji: ':x:', force_notification: true, custom: { a: 1 }, webhook_display_name: 'forged' },
      });
      const { props } = x.posts[0];
      assert.equal(props.from_webhook, 'true');
      assert.equal(props.webhook_display_name, 'Reply bot');
      assert.equal(props.override_username, 'webhook');
      assert.deepEqual(props.custom, { a: 1 });
      for (const k of ['override_icon_emoji', 'force_notification']) assert.equal(k in props, false, k);
      assert.equal(x.posts[0].type, 'slack_attachment');
      assert.equal(props.attachments.length, 1);
      assert.equal(props.attachments[0].text, 'see [this](https://example.com)');
      assert.deepEqual(props.attachments[0].fields, [{ title: 'n', value: '1.234567e+06', short: true }]);
    });

    await t.test('32. 33. type system_generic → no post, api.context.invalid_param.app_error; custom_as accepted', async () => {
      const refused = await exchange({ text: 'sys', type: 'system_generic' });
      assert.equal(refused.delivery.state, 'succeeded');
      assert.equal(refused.delivery.reply_error, 'api.context.invalid_param.app_error');
      assert.deepEqual(refused.posts, []);
      assert.deepEqual(await webhookPosts(w, refused.channel.id), []);
      const unknown = await exchange({ text: 'what', type: 'made_up' });
      assert.equal(unknown.delivery.reply_error, 'model.post.is_valid.type.app_error');
      const custom = await exchange({ text: 'custom', type: 'custom_as' });
      assert.equal(custom.posts[0].type, 'custom_as');
    });

    await t.test('34. 37. verbatim texts and Slack links', async () => {
      const log = 'commit 1234\nAuthor: A <a@example.com>\n\n    fix: x < y | z\n';
      for (const [text, expected] of [
        ['<>|<>|', '<>|<>|'],
        ['< | \n|\n>', '< | \n|\n>'],
        [log, log],
        ['<https://mattermost.com|Mattermost>', '[Mattermost](https://mattermost.com)'],
        ['if (a < b || c >= d)', 'if (a < b || c >= d)'],
        ['Click <http://www.mattermost.com/|here> for a link.', 'Click [here](http://www.mattermost.com/) for a link.'],
        ['<http://www.mattermost.com/>', '<http://www.mattermost.com/>'],
        ['# A Header\nThe _text_ below **the** header.', '# A Header\nThe _text_ below **the** header.'],
      ]) {
        const x = await exchange({ text });
        assert.equal(x.posts[0].message, expected, JSON.stringify(text));
      }
    });

    await t.test('35. the reply reaches websocket clients as "posted" with set_online false, and mentions notify', async () => {
      const ch = await w.newChannel('ws');
      const socket = await connectOfficial(w.server.url, member2.token);
      sockets.push(socket);
      const x = await exchange({ text: `hi @${member2.username}` }, { channel: ch });
      const posted = await socket.waitFor((e) => e.event === 'posted' && JSON.parse(e.data.post).id === x.posts[0].id, 'reply posted');
      assert.equal(posted.data.set_online, false);
      assert.equal(posted.data.sender_name, 'webhook');
      assert.equal(posted.broadcast.channel_id, ch.id);
      assert.deepEqual(JSON.parse(posted.data.mentions), [member2.id]);
      const userPost = await socket.waitFor((e) => e.event === 'posted' && JSON.parse(e.data.post).id === x.trigger.id, 'user post');
      assert.equal(userPost.data.set_online, true);
    });

    await t.test('36. a reply priority obeys the user-post rules: known values on root posts are stored, others refused', async () => {
      // The issue overrides checklist item 36 (which stored "high"): the same rules as a user post's priority.
      for (const priority of ['important', '', 'urgent']) {
        const x = await exchange({ text: `p ${priority}`, priority: { priority, requested_ack: true, persistent_notifications: false } });
        assert.equal(x.delivery.reply_error, '', priority);
        assert.deepEqual(x.posts[0].metadata.priority, { priority, requested_ack: true, persistent_notifications: false });
      }
      const refusedWith = async (reply: object, id: string) => {
        const x = await exchange(reply);
        assert.deepEqual([x.delivery.state, x.delivery.reply_error, x.posts], ['succeeded', id, []], JSON.stringify(reply));
        assert.deepEqual(await webhookPosts(w, x.channel.id), []);
      };
      await refusedWith({ text: 'p', priority: { requested_ack: true } }, 'api.context.invalid_param.app_error');
      await refusedWith({ text: 'p', priority: { priority: 'high' } }, 'api.post.post_priority.invalid_priority.error');
      await refusedWith({ text: 'p', response_type: 'comment', priority: { priority: 'urgent' } }, 'api.post.post_priority.priority_post_only_allowed_for_root_post.error');
    });

    await t.test('editing a reply post keeps the webhook\'s name and icon, whatever the patch says', async () => {
      await overrides(true, true);
      try {
        const x = await exchange({ text: 'from ci', username: 'ci', icon_url: 'http://ci/icon.png' });
        const [p] = x.posts;
        const patched = await admin.client.patchPost({
          id: p.id, message: 'edited',
          props: { from_webhook: 'false', override_username: 'ceo', override_icon_url: 'http://evil/ceo.png', webhook_display_name: 'Payroll', note: 'added' },
        });
        assert.equal(patched.message, 'edited');
        assert.deepEqual(patched.props, { from_webhook: 'true', override_username: 'ci', override_icon_url: 'http://ci/icon.png', webhook_display_name: 'Reply bot', note: 'added' });
        assert.deepEqual((await member.client.getPost(p.id)).props, patched.props);
      } finally {
        await overrides(false, false);
      }
    });

    await t.test('42. 79. response_type "comment" goes to the thread root (D-b)', async () => {
      const root = await exchange({ text: 'in thread', response_type: 'comment' });
      assert.equal(root.posts[0].root_id, root.trigger.id);
      const thread = await admin.client.getPostThread(root.trigger.id);
      assert.equal(thread.order.length, 2);
      const ch = await w.newChannel('thread');
      const top = await member.client.createPost({ channel_id: ch.id, message: 'top' });
      const nested = await exchange({ text: 'still in thread', response_type: 'comment' }, { channel: ch, rootId: top.id });
      assert.equal(nested.trigger.root_id, top.id);
      assert.equal(nested.posts.length, 1, 'the reply to a reply is created');
      assert.equal(nested.posts[0].root_id, top.id);
      const other = await exchange({ text: 'root', response_type: 'in_channel' });
      assert.equal(other.posts[0].root_id, '');
    });

    await t.test('81. {"text":""}, {"username":"x"} and null → no post, successful delivery (D-d)', async () => {
      for (const reply of [{ text: '' }, { username: 'x' }, 'null', { props: { a: 1 } }]) {
        const x = await exchange(reply);
        assert.deepEqual([x.delivery.state, x.delivery.reply_error, x.posts], ['succeeded', '', []], JSON.stringify(reply));
        assert.deepEqual(await webhookPosts(w, x.channel.id), []);
      }
    });

    await t.test('83. <!everyone> → @all; <#ID|x> of a public channel → ~name; <@ID|x> → @username (D-l)', async () => {
      const pub = await w.newChannel('linked');
      const text = `<!everyone> <!channel> <!here> <#${pub.id}|x> <#${w.secret.id}|hidden> <@${member.id}|someone> <@${member2.id}>`;
      const x = await exchange({ text });
      // A private channel does not resolve: its reference falls back to the integration's own label
      // (§11.3), so the private channel's name never leaks.
      assert.equal(x.posts[0].message, `@all @channel @here ~${pub.name} ~hidden @${member.username} @${member2.username}`);
    });

    await t.test('a reply with tens of thousands of references still posts (unresolved ones keep their label)', async () => {
      // About 1 MiB of distinct user references: more than one SQL statement may bind at once.
      const ids = Array.from({ length: 34_000 }, (_, i) => i.toString(36).padStart(26, 'z'));
      const x = await exchange({ text: `<@${member.id}> <#${w.town.id}> hi`, attachments: [{ text: ids.map((id) => `<@${id}>`).join('') }] });
      assert.equal(x.delivery.state, 'succeeded', x.delivery.last_error);
      assert.equal(x.delivery.reply_error, '');
      assert.ok(x.posts.length >= 1);
      assert.equal(x.posts[0].message, `@${member.username} ~${w.town.name} hi`);
    });

    await t.test('the reply is authored by the hook creator even when they are not in the channel (D-n, §4.3)', async () => {
      const name = `outside${Date.now().toString(36)}`;
      const ch = await admin.client.createChannel({ team_id: w.team.id, name, display_name: name, type: 'O' });
      await admin.client.addToChannel(member.id, ch.id);
      const x = await exchange({ text: 'from outside' }, { channel: { id: ch.id, name }, hook: { creator_id: member2.id } });
      assert.equal(x.posts.length, 1);
      assert.equal(x.posts[0].user_id, member2.id);
      assert.equal(x.posts[0].channel_id, ch.id);
    });

    await t.test('NUL characters in a reply → no post, api.unmarshal_error, on every database', async () => {
      const x = await exchange('{"text":"a\\u0000b","props":{"k\\u0000":"v\\u0000"},"attachments":[{"text":"c\\u0000d"}]}');
      // Refused alike on every database (SQLite could store them, PostgreSQL cannot), and recorded.
      assert.deepEqual([x.delivery.state, x.delivery.reply_error, x.posts], ['succeeded', 'api.unmarshal_error', []]);
    });

    await t.test('84. a reply with only props.attachments creates an attachment post (D-l)', async () => {
      const x = await exchange({ props: { attachments: [{ text: 'only an attachment', color: '#ff0000' }] } });
      assert.equal(x.posts.length, 1);
      assert.equal(x.posts[0].message, '');
      assert.equal(x.posts[0].type, 'slack_attachment');
      assert.deepEqual(x.posts[0].props.attachments.map((a: any) => [a.text, a.color]), [['only an attachment', '#ff0000']]);
    });
  });
}
