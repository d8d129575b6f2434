// Table tests for Slack translation (§5.1-§5.5, decision §11.3; checklist items 34, 37, 83).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyAttachmentLinkRule, applyTextLinkRule, collectReferences, translateAttachmentText, translateText, type TextLookups,
} from './text.js';

const U1 = 'u1u1u1u1u1u1u1u1u1u1u1u1u1';
const U2 = 'u2u2u2u2u2u2u2u2u2u2u2u2u2';
const C1 = 'c1c1c1c1c1c1c1c1c1c1c1c1c1';
const PRIV = 'p1p1p1p1p1p1p1p1p1p1p1p1p1';
const lookups: TextLookups = {
  usernames: new Map([[U1, 'alice'], [U2, 'b$1ob']]),
  publicChannelNames: new Map([[C1, 'town-square']]),
};

const textCases: Array<[string, string, string]> = [
  ['§5.5 link with label', 'Click <http://www.mattermost.com/|here> for a link.', 'Click [here](http://www.mattermost.com/) for a link.'],
  ['#37 <https://mattermost.com|Mattermost>', '<https://mattermost.com|Mattermost>', '[Mattermost](https://mattermost.com)'],
  ['bare <url> left for the autolinker', '<http://www.mattermost.com/>', '<http://www.mattermost.com/>'],
  ['#34 <>|<>| verbatim', '<>|<>|', '<>|<>|'],
  ['#34 "< | \\n|\\n>" verbatim', '< | \n|\n>', '< | \n|\n>'],
  ['#37 comparison operators unchanged', 'if (a < b || c >= d)', 'if (a < b || c >= d)'],
  ['§5.5 C condition unchanged', 'if(status_int < QUERY_UNKNOWN || status_int >= QUERY_STATUS_MAX)', 'if(status_int < QUERY_UNKNOWN || status_int >= QUERY_STATUS_MAX)'],
  ['#34 multi-line commit log verbatim', 'commit 1a2b3c\nAuthor: A <a@example.com>\n\n    fix: handle a < b | c\n', 'commit 1a2b3c\nAuthor: A <a@example.com>\n\n    fix: handle a < b | c\n'],
  ['several links, left to right', '<a|1> and <b|2>', '[1](a) and [2](b)'],
  ['$ in captured text stays literal', '<http://x/$1|$2 cost>', '[$2 cost](http://x/$1)'],
  ['<!channel>', '<!channel> deploy', '@channel deploy'],
  ['<!here>', 'hi <!here>', 'hi @here'],
  ['<!all>', '<!all><!all>', '@all@all'],
  ['#83 <!everyone> → @all (D-l)', '<!everyone>', '@all'],
  ['<!group> unchanged', '<!group>', '<!group>'],
  ['<!channel|label> is not an announcement; the link rule rewrites it', '<!channel|everyone>', '[everyone](!channel)'],
  ['<@ID> of an existing user', `hi <@${U1}>`, 'hi @alice'],
  ['<@ID> of an unknown user unchanged', '<@UNKNOWN1>', '<@UNKNOWN1>'],
  ['#83 <@ID|x> of an existing user → @username (label ignored)', `<@${U1}|x>`, '@alice'],
  ['§11.3 <@ID|name> unresolved → @name', '<@UNKNOWN1|bob>', '@bob'],
  ['<@ID|> unresolved with an empty label stays', '<@UNKNOWN1|>', '<@UNKNOWN1|>'],
  ['username with $ is inserted literally', `<@${U2}>`, '@b$1ob'],
  ['#83 <#ID|x> of a public channel → ~name', `<#${C1}|x>`, '~town-square'],
  ['<#ID> of a public channel → ~name', `see <#${C1}>`, 'see ~town-square'],
  ['<#ID> of a private/unknown channel stays', `<#${PRIV}>`, `<#${PRIV}>`],
  ['§11.3 <#ID|name> unresolved → ~name (label only, no private name)', `<#${PRIV}|general>`, '~general'],
  ['label with a newline is not a reference', '<@UNKNOWN1|a\nb>', '<@UNKNOWN1|a\nb>'],
  ['mixed', `<!here> <@${U1}> see <#${C1}> and <https://x.io|docs>`, '@here @alice see ~town-square and [docs](https://x.io)'],
];
for (const [name, input, expected] of textCases) {
  test(`translateText: ${name}`, () => assert.equal(translateText(input, lookups), expected));
}

const attachmentRuleCases: Array<[string, string, string]> = [
  ['plain link', '<http://a|b>', '[b](http://a)'],
  ['newline allowed in both parts', '<http://a\nx|b\nc>', '[b\nc](http://a\nx)'],
  ['| allowed in the label', '<http://a|b|c>', '[b|c](http://a)'],
  ['> allowed in the URL part', '<a>b|c>', '[c](a>b)'],
  ['bare link unchanged', '<http://a>', '<http://a>'],
];
for (const [name, input, expected] of attachmentRuleCases) {
  test(`applyAttachmentLinkRule: ${name}`, () => assert.equal(applyAttachmentLinkRule(input), expected));
}

test('the text rule refuses what the attachment rule accepts', () => {
  assert.equal(applyTextLinkRule('<http://a|b|c>'), '<http://a|b|c>');
  assert.equal(applyTextLinkRule('<http://a\nx|b>'), '<http://a\nx|b>');
});

test('attachment pipeline: references first, then the attachment link rule', () => {
  assert.equal(translateAttachmentText(`<!channel> <@${U1}|z> <http://a|b|c>`, lookups), '@channel @alice [b|c](http://a)');
});

test('collectReferences gathers user and channel ids once, in order', () => {
  assert.deepEqual(
    collectReferences([`<@${U2}> <@${U1}|x>`, `<#${C1}> <#${PRIV}|p> <@${U2}>`, '<@bad-id> <!channel>']),
    { userIds: [U2, U1], channelIds: [C1, PRIV] },
  );
  assert.deepEqual(collectReferences([]), { userIds: [], channelIds: [] });
});
