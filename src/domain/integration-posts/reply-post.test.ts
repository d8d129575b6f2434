// Tests for turning a reply into posts (§4.2-§4.9; checklist items 28-34, 36-42, 79, 81, 82, 84, seed #build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PostDraft } from '../posts.js';
import { ATTACHMENTS_PER_STEP, buildReplyPosts, collectReplyReferences, replyPostSteps, replyReferenceSteps, type ReplyPostInput, type ReplySettings } from './reply-post.js';
import { parseReply, type HookReply } from './reply.js';

const reply = (body: unknown): HookReply => {
  const r = parseReply(JSON.stringify(body), false);
  assert.ok(r.ok && r.reply !== null, 'reply must decode');
  return r.reply;
};
const HOOK = { creator_id: 'creatorcreatorcreatorcreat', display_name: 'Builder', username: 'hookuser', icon_url: 'http://hook/icon.png' };
const TRIGGER = { id: 'triggertriggertriggertrigg', root_id: '', channel_id: 'channelchannelchannelchann' };
const ON: ReplySettings = { enablePostUsernameOverride: true, enablePostIconOverride: true, maxPostSize: 4000 };
const OFF: ReplySettings = { enablePostUsernameOverride: false, enablePostIconOverride: false, maxPostSize: 4000 };
const U1 = 'u1u1u1u1u1u1u1u1u1u1u1u1u1';
const C1 = 'c1c1c1c1c1c1c1c1c1c1c1c1c1';
const lookups = { usernames: new Map([[U1, 'alice']]), publicChannelNames: new Map([[C1, 'town-square']]) };

const build = (body: unknown, over: Partial<ReplyPostInput> = {}) =>
  buildReplyPosts({ reply: reply(body), hook: HOOK, triggerPost: TRIGGER, settings: ON, authorIsBot: false, lookups, ...over });
const posts = (body: unknown, over: Partial<ReplyPostInput> = {}): PostDraft[] => {
  const r = build(body, over);
  assert.ok(r.ok, r.ok ? '' : r.error.id);
  assert.equal(r.authorId, HOOK.creator_id, '[D-n] author is the hook creator');
  return r.posts;
};
const one = (body: unknown, over: Partial<ReplyPostInput> = {}): PostDraft => {
  const list = posts(body, over);
  assert.equal(list.length, 1);
  return list[0];
};
const refused = (body: unknown, id: string, over: Partial<ReplyPostInput> = {}) => {
  const r = build(body, over);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.id, id);
};

test('#28 overrides on: text, hook username and icon, from_webhook', () => {
  const p = one({ text: 'sample response text from test server' });
  assert.deepEqual(p, {
    channel_id: TRIGGER.channel_id, message: 'sample response text from test server', root_id: '', type: '',
    props: { webhook_display_name: 'Builder', from_webhook: 'true', override_username: 'hookuser', override_icon_url: 'http://hook/icon.png' },
    metadata: {},
  });
});

const nameCases: Array<[string, ReplySettings, object, typeof HOOK, string, string | undefined]> = [
  ['#29 overrides off → "webhook", no icon (D-j)', OFF, { username: 'x', icon_url: 'http://x' }, HOOK, 'webhook', undefined],
  ['#30 reply username and icon win', ON, { username: 'webhookuser', icon_url: 'http://webhook/icon' }, HOOK, 'webhookuser', 'http://webhook/icon'],
  ['#77 username override TestCommandServer', ON, { username: 'TestCommandServer' }, HOOK, 'TestCommandServer', HOOK.icon_url],
  ['overrides on, nothing given → "webhook", no icon', ON, {}, { ...HOOK, username: '', icon_url: '' }, 'webhook', undefined],
  ['only username override on', { ...OFF, enablePostUsernameOverride: true }, { icon_url: 'http://x' }, HOOK, 'hookuser', undefined],
  ['only icon override on', { ...OFF, enablePostIconOverride: true }, { username: 'r' }, HOOK, 'webhook', HOOK.icon_url],
];
for (const [name, settings, extra, hook, username, icon] of nameCases) {
  test(`display name/icon: ${name}`, () => {
    const p = one({ text: 'hi', ...extra }, { settings, hook });
    assert.equal(p.props!.override_username, username);
    assert.equal(p.props!.override_icon_url, icon);
    assert.equal('override_icon_url' in p.props!, icon !== undefined);
  });
}

test('#31 §4.5 props: reserved keys dropped, display name forced, others copied, from_bot for bots', () => {
  const p = one({
    text: 'x',
    props: {
      from_webhook: 'false', override_username: 'evil', override_icon_url: 'http://evil', override_icon_emoji: ':x:',
      mm_blocks_actions: 1, add_channel_member: 1, force_notification: true, webhook_display_name: 'fake',
      card: 'kept', nested: { a: [1] }, from_bot: 'whatever',
    },
    attachments: [{ text: 'a' }],
  }, { settings: OFF, authorIsBot: true });
  assert.deepEqual(p.props, {
    card: 'kept', nested: { a: [1] }, from_bot: 'true', webhook_display_name: 'Builder', from_webhook: 'true',
    override_username: 'webhook', attachments: [{ text: 'a' }],
  });
});

test('webhook_display_name is set even when empty', () => {
  assert.equal(one({ text: 'x' }, { hook: { ...HOOK, display_name: '' } }).props!.webhook_display_name, '');
});

const typeCases: Array<[string, object, string | { error: string }]> = [
  ['#32 system_generic is refused', { text: 'x', type: 'system_generic' }, { error: 'api.context.invalid_param.app_error' }],
  ['system_join_channel is refused', { text: 'x', type: 'system_join_channel' }, { error: 'api.context.invalid_param.app_error' }],
  ['#33 custom_as is accepted', { text: 'x', type: 'custom_as' }, 'custom_as'],
  ['me is accepted', { text: 'x', type: 'me' }, 'me'],
  ['unknown type is refused', { text: 'x', type: 'bogus' }, { error: 'model.post.is_valid.type.app_error' }],
  // The posts table holds 64 characters: longer failed the insert on PostgreSQL and the delivery was sent again.
  ['custom_ type of 64 characters is accepted', { text: 'x', type: 'custom_'.padEnd(64, 'x') }, 'custom_'.padEnd(64, 'x')],
  ['custom_ type over 64 characters is refused', { text: 'x', type: 'custom_'.padEnd(65, 'x') }, { error: 'model.post.is_valid.type.app_error' }],
  ['empty type with attachments → slack_attachment', { attachments: [{ text: 'a' }] }, 'slack_attachment'],
  ['explicit type with attachments is kept', { attachments: [{ text: 'a' }], type: 'custom_x' }, 'custom_x'],
  ['empty type without attachments stays ""', { text: 'x' }, ''],
];
for (const [name, body, expected] of typeCases) {
  test(`type: ${name}`, () => {
    if (typeof expected === 'string') assert.equal(one(body).type, expected);
    else refused(body, expected.error);
  });
}

// §4.7 and the issue that supersedes checklist item 36: a reply's priority obeys the user-post rules.
const priorityCases: Array<[string, object, object | { error: string }]> = [
  ['important with ack and persistent', { priority: 'important', requested_ack: true, persistent_notifications: false },
    { priority: 'important', requested_ack: true, persistent_notifications: false }],
  ['#36 empty priority is present', { priority: '' }, { priority: '' }],
  ['#36 urgent with persistent notifications', { priority: 'urgent', persistent_notifications: true }, { priority: 'urgent', persistent_notifications: true }],
  ['missing priority.priority is refused', { requested_ack: true }, { error: 'api.context.invalid_param.app_error' }],
  ['#36 an unknown value (high) is refused as for user posts', { priority: 'high' }, { error: 'api.post.post_priority.invalid_priority.error' }],
  ['values are case-sensitive', { priority: 'Urgent' }, { error: 'api.post.post_priority.invalid_priority.error' }],
];
for (const [name, priority, expected] of priorityCases) {
  test(`priority: ${name}`, () => {
    if ('error' in expected) refused({ text: 'x', priority }, expected.error);
    else assert.deepEqual(one({ text: 'x', priority }).metadata, { priority: expected });
  });
}

test('priority: a comment reply (a thread reply) may not carry one, as for user posts', () => {
  refused({ text: 'x', response_type: 'comment', priority: { priority: 'urgent' } }, 'api.post.post_priority.priority_post_only_allowed_for_root_post.error');
  assert.deepEqual(one({ text: 'x', response_type: 'in_channel', priority: { priority: '' } }).metadata, { priority: { priority: '' } });
});

test('posts per reply: 10 posts of text are allowed, an 11th is refused with too_many_posts', () => {
  assert.equal(posts({ text: 'x'.repeat(40_000) }).length, 10);
  refused({ text: 'x'.repeat(40_001) }, 'api.outgoing_webhook.reply.too_many_posts.app_error');
  // MaxPostSize decides how much text 10 posts hold.
  assert.equal(posts({ text: 'x'.repeat(1000) }, { settings: { ...ON, maxPostSize: 100 } }).length, 10);
  refused({ text: 'x'.repeat(1001) }, 'api.outgoing_webhook.reply.too_many_posts.app_error', { settings: { ...ON, maxPostSize: 100 } });
  // Counted on the translated text: 250 <!everyone> (2,750 characters) become 1,000 characters of @all.
  const many = '<!everyone>'.repeat(250);
  assert.equal(posts({ text: many }, { settings: { ...ON, maxPostSize: 100 } }).length, 10);
});

test('#37 links translated, comparison text unchanged', () => {
  assert.equal(one({ text: '<https://mattermost.com|Mattermost>' }).message, '[Mattermost](https://mattermost.com)');
  assert.equal(one({ text: 'if (a < b || c >= d)' }).message, 'if (a < b || c >= d)');
});

const verbatim = ['<>|<>|', '< | \n|\n>', 'commit 0abc\nAuthor: Dev <dev@example.com>\nDate: today\n\n    Merge <branch> into main | fix'];
for (const [i, text] of verbatim.entries()) {
  test(`#34 text posted verbatim (${i + 1})`, () => assert.equal(one({ text }).message, text));
}

test('seed #build test-statistics table is posted verbatim', () => {
  const text = '\n| Component | Tests Run | Tests Failed |\n|:-----------|:------------|:-----------------------------------------------|\n| Server | 948 | :white_check_mark: 0 |\n| Web Client | 123 | :warning: [2 (see details)](http://linktologs) |\n| iOS Client | 78 | :warning: [3 (see details)](http://linktologs) |\n';
  const p = one({ text });
  assert.equal(p.message, text);
  assert.equal(p.type, '');
});

test('#38/#82 a 4001-code-point reply becomes two posts sharing everything but the text (D-k)', () => {
  const list = posts({ text: '😀'.repeat(4001), response_type: 'comment', props: { k: 1 } });
  assert.deepEqual(list.map((p) => [...p.message].length), [4000, 1]);
  for (const p of list) {
    assert.equal(p.root_id, TRIGGER.id);
    assert.equal(p.channel_id, TRIGGER.channel_id);
    assert.equal(p.props!.k, 1);
  }
  assert.notEqual(list[0].props, list[1].props);
});

test('#38 MaxPostSize comes from the settings', () => {
  assert.deepEqual(posts({ text: 'abcdefg' }, { settings: { ...ON, maxPostSize: 3 } }).map((p) => p.message), ['abc', 'def', 'g']);
});

test('#39 long text plus attachments: attachments on the last post, in order', () => {
  const list = posts({ text: 'y'.repeat(6000), attachments: [{ text: '1' }, null, { text: '2' }] });
  assert.equal(list.length, 2);
  assert.equal(list[0].props!.attachments, undefined);
  assert.deepEqual(list[1].props!.attachments, [{ text: '1' }, { text: '2' }]);
  assert.equal(list[0].type, 'slack_attachment');
});

test('#40 props over 760000 code points → no post', () => {
  refused({ text: 'x', props: { blob: 'z'.repeat(760_000) } }, 'web.incoming_webhook.split_props_length.app_error');
});

test('#41 attachment packing through the reply path', () => {
  const count = (n: number) => posts({ attachments: Array.from({ length: n }, () => ({ text: 'a'.repeat(400_000) })) }).length;
  assert.deepEqual([count(1), count(2), count(3)], [1, 2, 3]);
});

const threadCases: Array<[string, string, { id: string; root_id: string }, string]> = [
  ['#42 comment on a root trigger → root_id = trigger id', 'comment', { id: 'T', root_id: '' }, 'T'],
  ['#79 comment on a reply → root_id = thread root (D-b)', 'comment', { id: 'T', root_id: 'R' }, 'R'],
  ['"post" makes a root post', 'post', { id: 'T', root_id: 'R' }, ''],
  ['"in_channel" makes a root post', 'in_channel', { id: 'T', root_id: '' }, ''],
  ['"Comment" is not "comment"', 'Comment', { id: 'T', root_id: '' }, ''],
  ['absent response_type makes a root post', '', { id: 'T', root_id: 'R' }, ''],
];
for (const [name, responseType, trigger, rootId] of threadCases) {
  test(`thread: ${name}`, () => {
    const p = one({ text: 'x', response_type: responseType }, { triggerPost: { ...trigger, channel_id: 'C' } });
    assert.equal(p.root_id, rootId);
    assert.equal(p.channel_id, 'C');
  });
}

const noPostCases: Array<[string, object]> = [
  ['#81 {"text": ""}', { text: '' }],
  ['#81 {"username": "x"}', { username: 'x' }],
  ['props only', { props: { a: 1 } }],
  ['only null attachments', { attachments: [null] }],
  ['props.attachments with only nulls', { props: { attachments: [null] } }],
  ['refusable type but nothing to post', { type: 'system_generic' }],
];
for (const [name, body] of noPostCases) {
  test(`no post (D-d): ${name}`, () => assert.deepEqual(posts(body), []));
}

test('a text of spaces counts as non-empty', () => assert.equal(one({ text: '   ' }).message, '   '));

test('#84 props.attachments alone makes an attachment post (D-l)', () => {
  const p = one({ props: { attachments: [{ text: '<!here> <http://a|b>', fields: [{ title: 't', value: 7, short: 'true' }] }], other: 1 } });
  assert.equal(p.message, '');
  assert.equal(p.type, 'slack_attachment');
  assert.deepEqual(p.props!.attachments, [{ text: '@here [b](http://a)', fields: [{ title: 't', value: '7', short: true }] }]);
  assert.equal(p.props!.other, 1);
});

test('#83 references resolved from lookups; collectReplyReferences finds them', () => {
  const body = { text: `<!everyone> <@${U1}|x> <#${C1}|y> <@ZZZ|bob>`, attachments: [{ title: `<#${C1}>`, fields: [{ value: `<@${U1}>` }] }] };
  assert.deepEqual(collectReplyReferences(reply(body)), { userIds: [U1, 'ZZZ'], channelIds: [C1] });
  const p = one(body);
  assert.equal(p.message, '@all @alice ~town-square @bob');
  assert.deepEqual(p.props!.attachments, [{ title: '~town-square', fields: [{ title: '', value: '@alice', short: false }] }]);
});

test('replyPostSteps: the attachments a group per step, then the split; the result is buildReplyPosts\'s', () => {
  const body = { text: 'many', attachments: Array.from({ length: 100 }, (_, i) => ({ text: `<@${U1}> ${i}`, fields: [{ title: 't', value: i }] })) };
  const input = { reply: reply(body), hook: HOOK, triggerPost: TRIGGER, settings: ON, authorIsBot: false, lookups };
  const steps = replyPostSteps(input);
  let pauses = 0;
  let step = steps.next();
  while (!step.done) {
    pauses++;
    step = steps.next();
  }
  assert.equal(pauses, 100 / ATTACHMENTS_PER_STEP + 1);
  assert.deepEqual(step.value, buildReplyPosts(input));
  assert.ok(step.value.ok && step.value.posts[0].props!.attachments !== undefined);
  // Refusals come before any work is spread out.
  const refusedAtOnce = replyPostSteps({ ...input, reply: reply({ ...body, type: 'system_x' }) }).next();
  assert.equal(refusedAtOnce.done, true);
});

test('replyReferenceSteps: the attachments a group per step, the same ids as collectReplyReferences', () => {
  const r = reply({ text: `<@${U1}>`, attachments: Array.from({ length: 60 }, (_, i) => ({ text: `<#${C1}> <@u${i}u${i}>` })) });
  const steps = replyReferenceSteps(r);
  let pauses = 0;
  let step = steps.next();
  while (!step.done) {
    pauses++;
    step = steps.next();
  }
  assert.equal(pauses, Math.ceil(60 / ATTACHMENTS_PER_STEP));
  assert.deepEqual(step.value, collectReplyReferences(r));
  assert.equal(step.value.userIds[0], U1, 'the text first, then the attachments in order');
  assert.deepEqual(step.value.channelIds, [C1]);
});
