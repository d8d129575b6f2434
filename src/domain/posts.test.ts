// Tests for the post rules every path shares: the props a user may set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userPostProps } from './posts.js';

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
