// The seed's example end to end: an admin enables outgoing webhooks, creates a hook for #build,
// someone posts "#build Let's see the status", and the receiver's table comes back as a post.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './support/databases.js';
import { adminClient, startTestServer, uniqueName } from './support/server.js';
import { eventually, replyJson, startReceiver } from './support/receiver.js';

const TABLE = `
| Component | Tests Run | Tests Failed |
|:-----------|:------------|:-----------------------------------------------|
| Server | 948 | :white_check_mark: 0 |
| Web Client | 123 | :warning: [2 (see details)](http://linktologs) |
| iOS Client | 78 | :warning: [3 (see details)](http://linktologs) |
`;

for (const kind of await testDatabaseKinds()) {
  for (const contentType of ['application/x-www-form-urlencoded', 'application/json']) {
    test(`${kind}: seed #build example (${contentType})`, async (t) => {
      const server = await startTestServer(kind);
      const receiver = await startReceiver(replyJson({ text: TABLE }));
      t.after(async () => {
        await receiver.close();
        await server.stop();
      });
      const { client: admin, user } = await adminClient(server);
      await admin.patchConfig({ ServiceSettings: { EnableOutgoingWebhooks: true, AllowedUntrustedInternalConnections: '127.0.0.1' } });
      const team = await admin.createTeam({ name: uniqueName('team'), display_name: 'Build Team', type: 'O' });
      const town = await admin.getChannelByName(team.id, 'town-square');
      const hook = await admin.createOutgoingWebhook({
        team_id: team.id, trigger_words: ['#build'], trigger_when: 0, callback_urls: [`${receiver.url}/hook`],
        content_type: contentType, display_name: 'Build bot',
      });
      assert.match(hook.token, /^[a-z0-9]{26}$/);
      const post = await admin.createPost({ channel_id: town.id, message: "#build Let's see the status" });

      const [req] = await receiver.waitFor(1);
      assert.equal(req.headers['content-type'], contentType);
      assert.equal(req.headers.accept, 'application/json');
      assert.match(String(req.headers['user-agent']), /^Mattermost-Bot\/1\.1 Switchboard\//);
      const fields = contentType === 'application/json' ? req.json : req.form;
      assert.deepEqual(
        { ...fields },
        {
          token: hook.token, team_id: team.id, team_domain: team.name, channel_id: town.id, channel_name: 'town-square',
          timestamp: contentType === 'application/json' ? post.create_at : String(Math.floor(post.create_at / 1000)),
          user_id: user.id, user_name: user.username, post_id: post.id, text: "#build Let's see the status",
          trigger_word: '#build', file_ids: '',
        },
      );
      if (contentType !== 'application/json') {
        assert.deepEqual(req.body.split('&').map((p) => p.split('=')[0]), [...Object.keys(fields)].sort());
      }

      const reply = await eventually(async () => {
        const list = await admin.getPosts(town.id, 0, 60);
        return list.order.map((id: string) => list.posts[id]).find((p: any) => p.props?.from_webhook === 'true');
      });
      assert.equal(reply.message, TABLE);
      assert.equal(reply.user_id, user.id);
      assert.equal(reply.props.override_username, 'webhook');
      assert.equal(reply.props.webhook_display_name, 'Build bot');
    });
  }
}
