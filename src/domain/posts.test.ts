// Tests for the post rules every path shares: priority and the props a user may set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError } from './errors.js';
import { checkedPriority, codePointLength, userPostProps } from './posts.js';

const errorId = (v: unknown) => (isAppError(v) ? v.id : 'no error');

test('priority: the three values, root posts only', () => {
  for (const p of ['', 'important', 'urgent']) assert.deepEqual(checkedPriority({ priority: p }, ''), { priority: p });
  for (const p of ['high', 'URGENT', 5, undefined]) assert.equal(errorId(checkedPriority({ priority: p }, '')), 'api.post.post_priority.invalid_priority.error', String(p));
  assert.equal(errorId(checkedPriority('urgent', '')), 'api.post.post_priority.invalid_priority.error');
  assert.equal(errorId(checkedPriority(null, '')), 'api.post.post_priority.invalid_priority.error');
  assert.equal(errorId(checkedPriority({ priority: 'urgent' }, 'rootrootrootrootrootrootro')), 'api.post.post_priority.priority_post_only_allowed_for_root_post.error');
});

test('priority: only the documented keys are kept, booleans typed', () => {
  assert.deepEqual(
    checkedPriority({ priority: 'urgent', requested_ack: true, persistent_notifications: false, junk: { a: 1 } }, ''),
    { priority: 'urgent', requested_ack: true, persistent_notifications: false },
  );
  assert.deepEqual(checkedPriority({ priority: '', requested_ack: null }, ''), { priority: '' });
  assert.equal(errorId(checkedPriority({ priority: '', requested_ack: 'yes' }, '')), 'api.context.invalid_body_param.app_error');
});

const FORGED = {
  from_webhook: 'true', override_username: 'ceo', override_icon_url: 'http://evil/ceo.png', override_icon_emoji: ':lock:',
  webhook_display_name: 'Payroll', from_bot: 'true', add_channel_member: 'x', force_notification: true, keep: 'yes',
};

test('user props: who a post is from is never the user\'s to say', () => {
  assert.deepEqual(userPostProps(FORGED, false), { keep: 'yes' });
  // A bot's own post may say it is from a bot; nothing else changes.
  assert.deepEqual(userPostProps(FORGED, true), { keep: 'yes', from_bot: 'true' });
  assert.equal('from_webhook' in FORGED, true, 'the input is not modified');
});

test('user props: a patch of a webhook post keeps the webhook\'s own props, not the patch\'s', () => {
  const stored = { from_webhook: 'true', override_username: 'ci', webhook_display_name: 'Build bot', attachments: [] };
  const patched = userPostProps({ ...FORGED, keep: 'new' }, false, stored);
  assert.deepEqual(patched, { from_webhook: 'true', override_username: 'ci', webhook_display_name: 'Build bot', keep: 'new' });
  // A patch that leaves them out cannot remove them either.
  assert.deepEqual(userPostProps({}, false, stored), { from_webhook: 'true', override_username: 'ci', webhook_display_name: 'Build bot' });
  // A user post's stored props give nothing back.
  assert.deepEqual(userPostProps(FORGED, false, { keep: 'old' }), { keep: 'yes' });
});

test('codePointLength counts code points: a surrogate pair once, a lone surrogate once', () => {
  for (const s of ['', 'abc', 'é', '😀', 'a😀b', '\ud83d', '\ude00', '\ud83dx', 'x\ude00\ud83d', '\ude00\ud83d\ude00', '😀'.repeat(1000) + '€'.repeat(3)]) {
    assert.equal(codePointLength(s), [...s].length, JSON.stringify(s));
  }
});
