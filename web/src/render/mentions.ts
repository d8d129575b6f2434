// A remark plugin: @username, @channel, @all and @here in a message's text become mention spans
// (never inside code or link text). Mentions of the reader and channel-wide ones are highlighted.
import type { Root, Text, PhrasingContent, Parent } from 'mdast';
import { visitParents } from 'unist-util-visit-parents';

export interface MentionOptions {
  /** The reader's username (lower case), highlighted where mentioned. */
  me?: string;
  /** Whether a username belongs to someone; unknown names stay plain text. */
  isUser?: (username: string) => boolean;
}

export const CHANNEL_WIDE = new Set(['channel', 'all', 'here']);

// Usernames are letters, digits, '.', '-' and '_'; a trailing '.' or '-' ends the sentence, not the name.
const MENTION = /(^|[^\p{L}\p{N}_@.])@([a-z0-9][a-z0-9._-]*[a-z0-9_]|[a-z0-9])/giu;

export interface Mention {
  type: 'mention';
  value: string;
  data: { hName: 'span'; hProperties: Record<string, unknown>; hChildren: [{ type: 'text'; value: string }] };
}

function mentionNode(name: string, options: MentionOptions): Mention {
  const lower = name.toLowerCase();
  const wide = CHANNEL_WIDE.has(lower);
  const classes = ['mention'];
  if (wide) classes.push('mention--channel');
  if (options.me && lower === options.me) classes.push('mention--me');
  return {
    type: 'mention',
    value: `@${name}`,
    data: { hName: 'span', hProperties: { className: classes, dataMention: lower }, hChildren: [{ type: 'text', value: `@${name}` }] },
  };
}

export function splitMentions(text: string, options: MentionOptions): Array<Text | Mention> {
  const out: Array<Text | Mention> = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    const name = m[2]!;
    const lower = name.toLowerCase();
    if (!CHANNEL_WIDE.has(lower) && options.isUser && !options.isUser(lower)) continue;
    const start = m.index! + m[1]!.length;
    if (start > last) out.push({ type: 'text', value: text.slice(last, start) });
    out.push(mentionNode(name, options));
    last = start + 1 + name.length;
  }
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

export function remarkMentions(options: MentionOptions = {}) {
  return (tree: Root) => {
    const edits: Array<{ parent: Parent; node: Text }> = [];
    visitParents(tree, 'text', (node, ancestors) => {
      if (ancestors.some((a) => a.type === 'link' || a.type === 'linkReference')) return;
      if (!node.value.includes('@')) return;
      edits.push({ parent: ancestors[ancestors.length - 1] as Parent, node });
    });
    for (const { parent, node } of edits) {
      const parts = splitMentions(node.value, options);
      if (parts.length === 1 && parts[0]!.type === 'text') continue;
      const index = parent.children.indexOf(node as PhrasingContent);
      parent.children.splice(index, 1, ...(parts as PhrasingContent[]));
    }
  };
}
