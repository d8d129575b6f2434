import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHashtags, parseMentions } from './mentions.js';

test('parseMentions finds usernames and channel-wide mentions', () => {
  const rows: Array<[string, string[], boolean]> = [
    ['hello @alice', ['alice'], false],
    ['ping @Alice. and @bob_1, ok', ['alice', 'bob_1'], false],
    ['@channel build is red', [], true],
    ['@all @here', [], true],
    ['mail me at a@example.com', [], false],
    ['@@alice', [], false],
    ['no mentions', [], false],
  ];
  for (const [message, usernames, channelWide] of rows) {
    assert.deepEqual(parseMentions(message), { usernames, channelWide }, message);
  }
});

test('parseHashtags keeps tags that start with a letter', () => {
  assert.equal(parseHashtags('#build Let us see #status and #1 and #ok.'), '#build #status #ok');
  assert.equal(parseHashtags('nothing here'), '');
});
