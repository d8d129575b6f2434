// Tests for the reply limits: counted on the parsed JSON, before decoding, each with its own error id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ATTACHMENT_ACTIONS, MAX_ATTACHMENT_FIELDS, MAX_REPLY_ATTACHMENTS, MAX_REPLY_VALUES, replyLimitError } from './reply-limits.js';
import { parseReply } from './reply.js';

const ID = (what: string) => `api.outgoing_webhook.reply.too_many_${what}.app_error`;
const list = (n: number, item: unknown = {}) => Array.from({ length: n }, () => item);
const refusedWith = (body: unknown, what: string) => {
  const r = parseReply(typeof body === 'string' ? body : JSON.stringify(body), false);
  assert.equal(r.ok, false, `expected ${what} to be refused`);
  if (!r.ok) {
    assert.equal(r.error.id, ID(what));
    assert.equal(r.error.kind, 'invalid');
  }
};
const accepted = (body: unknown) => {
  const r = parseReply(JSON.stringify(body), false);
  assert.ok(r.ok, r.ok ? '' : r.error.id);
  return r.reply!;
};

test('attachments: 100 are accepted, 101 refused, null entries counting too', () => {
  assert.equal(accepted({ attachments: list(MAX_REPLY_ATTACHMENTS, { text: 'a' }) }).attachments.length, 100);
  refusedWith({ attachments: list(MAX_REPLY_ATTACHMENTS + 1) }, 'attachments');
  refusedWith({ attachments: list(MAX_REPLY_ATTACHMENTS + 1, null) }, 'attachments');
});

test('values: 100,000 in the whole reply are read, one more is refused before parsing', () => {
  // root + props + a = 3 values, plus the elements.
  const withElements = (n: number) => `{"props":{"a":[${Array(n).fill('0').join(',')}]}}`;
  assert.deepEqual(accepted(JSON.parse(withElements(MAX_REPLY_VALUES - 3))).props?.a, list(MAX_REPLY_VALUES - 3, 0));
  refusedWith(withElements(MAX_REPLY_VALUES - 2), 'values');
  // Members count as values too: one object with 100,000 keys.
  refusedWith(`{"props":{${Array.from({ length: MAX_REPLY_VALUES }, (_, i) => `"k${i}":1`).join(',')}}}`, 'values');
  // The attacker's reply: 340,000 empty attachments in under 1 MiB.
  refusedWith(`{"attachments":[${Array(340_000).fill('{}').join(',')}]}`, 'values');
});

test('attachments: props.attachments counts when it is the list used, and any key spelling counts', () => {
  refusedWith({ props: { attachments: list(MAX_REPLY_ATTACHMENTS + 1) } }, 'attachments');
  refusedWith({ ATTACHMENTS: list(MAX_REPLY_ATTACHMENTS + 1) }, 'attachments');
  // Top-level attachments win, so the props list is never processed: it is not counted either.
  assert.equal(accepted({ attachments: [{ text: 'a' }], props: { attachments: list(MAX_REPLY_ATTACHMENTS + 1) } }).attachments.length, 1);
});

test('fields and actions: the maximum per attachment is accepted, one more refused', () => {
  const atMax = { fields: list(MAX_ATTACHMENT_FIELDS, { title: 't', value: 1 }), actions: list(MAX_ATTACHMENT_ACTIONS, { name: 'n' }) };
  const reply = accepted({ attachments: list(MAX_REPLY_ATTACHMENTS, atMax) });
  assert.equal(reply.attachments[99]!.fields.length, MAX_ATTACHMENT_FIELDS);
  assert.equal(reply.attachments[99]!.actions.length, MAX_ATTACHMENT_ACTIONS);
  refusedWith({ attachments: [{}, { fields: list(MAX_ATTACHMENT_FIELDS + 1, null) }] }, 'fields');
  refusedWith({ attachments: [{ Fields: list(MAX_ATTACHMENT_FIELDS + 1) }] }, 'fields');
  refusedWith({ attachments: [{ actions: list(MAX_ATTACHMENT_ACTIONS + 1) }] }, 'actions');
  refusedWith({ props: { attachments: [{ actions: list(MAX_ATTACHMENT_ACTIONS + 1) }] } }, 'actions');
});

test('the detail says which attachment and how many', () => {
  const e = replyLimitError({ attachments: [{}, {}, { fields: list(101) }] });
  assert.equal(e?.detailedError, 'attachment 2 has 101');
});

test('wrongly typed lists are left to decoding (api.unmarshal_error), not counted', () => {
  assert.equal(replyLimitError({ attachments: {} }), null);
  assert.equal(replyLimitError({ attachments: [{ fields: 'x', actions: 5 }] }), null);
  assert.equal(replyLimitError('text'), null);
  const r = parseReply('{"attachments":[{"fields":{}}]}', false);
  assert.ok(!r.ok && r.error.id === 'api.unmarshal_error');
});
