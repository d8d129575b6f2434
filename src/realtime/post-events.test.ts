// Unit tests of the post event payloads (api-v4-compat §8.6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../domain/posts.js';
import { postDeletedEventData, postEditedEventData, postedEventData } from './post-events.js';

const post = (props: Record<string, unknown> = {}): Post => ({
  id: 'p1',
  create_at: 1700000000000,
  update_at: 1700000000000,
  edit_at: 0,
  delete_at: 0,
  is_pinned: false,
  user_id: 'u1',
  channel_id: 'c1',
  root_id: '',
  original_id: '',
  message: 'hello',
  type: '',
  props,
  hashtags: '',
  file_ids: [],
  pending_post_id: '',
  reply_count: 0,
  last_reply_at: 0,
  participants: null,
  metadata: {},
});

const town = { type: 'O', name: 'town-square', display_name: 'Town Square', team_id: 'team1' };

test('posted data for a user post in an open channel', () => {
  const p = post();
  assert.deepEqual(postedEventData({ post: p, channel: town, senderName: 'alice', setOnline: true }), {
    channel_display_name: 'Town Square',
    channel_name: 'town-square',
    channel_type: 'O',
    post: JSON.stringify(p),
    sender_name: '@alice',
    set_online: true,
    team_id: 'team1',
  });
});

test('the post is a JSON string holding every Post field in wire order', () => {
  const data = postedEventData({ post: post(), channel: town, senderName: 'alice', setOnline: true });
  assert.equal(typeof data.post, 'string');
  assert.ok((data.post as string).startsWith('{"id":"p1","create_at":1700000000000,"update_at"'));
  assert.ok((data.post as string).endsWith('"participants":null,"metadata":{}}'));
});

test('direct channels show @sender as display name and have no team; group channels have no team', () => {
  const dm = { type: 'D', name: 'u1__u2', display_name: '', team_id: '' };
  const d = postedEventData({ post: post(), channel: dm, senderName: '@alice', setOnline: true });
  assert.equal(d.channel_display_name, '@alice');
  assert.equal(d.sender_name, '@alice', 'a leading @ is not doubled');
  assert.equal(d.team_id, '');
  const gm = { type: 'G', name: 'abc', display_name: 'alice, bob, carol', team_id: 'team1' };
  const g = postedEventData({ post: post(), channel: gm, senderName: 'alice', setOnline: true });
  assert.equal(g.channel_display_name, 'alice, bob, carol');
  assert.equal(g.team_id, '');
});

test('webhook posts are sent under their override username and do not set the author online', () => {
  const hooked = post({ from_webhook: 'true', override_username: 'ci-bot' });
  const d = postedEventData({ post: hooked, channel: town, senderName: 'alice', setOnline: false });
  assert.equal(d.sender_name, 'ci-bot');
  assert.equal(d.set_online, false);
  const noOverride = postedEventData({ post: post({ from_webhook: 'true' }), channel: town, senderName: 'alice', setOnline: false });
  assert.equal(noOverride.sender_name, '@alice');
  const notHook = postedEventData({ post: post({ override_username: 'spoof' }), channel: town, senderName: 'alice', setOnline: true });
  assert.equal(notHook.sender_name, '@alice', 'override_username counts only on webhook posts');
});

test('mentions are a JSON-encoded id array, present only when non-empty', () => {
  const none = postedEventData({ post: post(), channel: town, senderName: 'alice', setOnline: true, mentions: [] });
  assert.equal('mentions' in none, false);
  const some = postedEventData({ post: post(), channel: town, senderName: 'alice', setOnline: true, mentions: ['u2', 'u3', 'u2'] });
  assert.equal(some.mentions, '["u2","u3"]');
});

test('post_edited and post_deleted carry the post as a JSON string', () => {
  const p = post();
  assert.deepEqual(postEditedEventData(p), { post: JSON.stringify(p) });
  assert.deepEqual(postDeletedEventData({ ...p, delete_at: 5 }), { post: JSON.stringify({ ...p, delete_at: 5 }) });
});
