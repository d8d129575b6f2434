// One-pass matching of Slack's labelled markup `<` + prefix + head + `|` + label + `>` (user and
// channel references, the attachment link rule). The equivalent regular expressions, e.g.
// /<@([a-zA-Z0-9]+)\|([^>\n]*)>/g, rescan the rest of the text from every `<@` that is not closed,
// so a 1 MiB reply of "<@a|<@a|…" blocks the event loop for minutes. This scanner gives the same
// matches as such a regex in linear time.

export interface LabelledPattern {
  /** What starts a match: "<@", "<#" or "<". */
  open: string;
  /** Characters allowed in the head; it must exclude "<" and "|" (true of every pattern we use). */
  head(ch: string): boolean;
  /** Characters allowed in the label; it must exclude ">". */
  label(ch: string): boolean;
  /** 0 for `*`, 1 for `+`. */
  minLabel: 0 | 1;
}

export interface LabelledMatch {
  start: number;
  end: number;
  head: string;
  label: string;
}

/**
 * Every non-overlapping match, left to right, exactly as the global regex
 * `open(head+)\|(label{minLabel,})>` finds them. Why that is linear: a head cannot contain "<", so
 * head runs of different starts never overlap; and label runs start at increasing positions, so the
 * end of the last label run is reused while it still lies ahead.
 */
export function findLabelled(text: string, p: LabelledPattern): LabelledMatch[] {
  const out: LabelledMatch[] = [];
  let labelFrom = -1;
  let labelEnd = -1; // end of the maximal label run that starts at or before labelFrom
  let i = text.indexOf(p.open);
  while (i !== -1) {
    const headStart = i + p.open.length;
    let j = headStart;
    while (j < text.length && p.head(text[j])) j++;
    let matchedEnd = -1;
    if (j > headStart && text[j] === '|') {
      const from = j + 1;
      if (labelFrom === -1 || from < labelFrom || from > labelEnd) {
        let k = from;
        while (k < text.length && p.label(text[k])) k++;
        labelEnd = k;
      }
      labelFrom = from;
      const k = labelEnd;
      if (text[k] === '>' && k - from >= p.minLabel) {
        out.push({ start: i, end: k + 1, head: text.slice(headStart, j), label: text.slice(from, k) });
        matchedEnd = k + 1;
      }
    }
    i = text.indexOf(p.open, matchedEnd === -1 ? i + 1 : matchedEnd);
  }
  return out;
}

/** Replaces every match with `replace(match)`, leaving the text between matches as it is. */
export function replaceLabelled(text: string, p: LabelledPattern, replace: (m: LabelledMatch, whole: string) => string): string {
  const matches = findLabelled(text, p);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + replace(m, text.slice(m.start, m.end));
    at = m.end;
  }
  return out + text.slice(at);
}

const isIdChar = (ch: string) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');

/** /<@([a-zA-Z0-9]+)\|([^>\n]*)>/g */
export const USER_REF_LABELLED: LabelledPattern = { open: '<@', head: isIdChar, label: (ch) => ch !== '>' && ch !== '\n', minLabel: 0 };
/** /<#([a-zA-Z0-9]+)\|([^>\n]*)>/g */
export const CHANNEL_REF_LABELLED: LabelledPattern = { open: '<#', head: isIdChar, label: (ch) => ch !== '>' && ch !== '\n', minLabel: 0 };
/** /<([^<|]+)\|([^>]+)>/g, Mattermost's attachment link rule. */
export const ATTACHMENT_LINK_LABELLED: LabelledPattern = { open: '<', head: (ch) => ch !== '<' && ch !== '|', label: (ch) => ch !== '>', minLabel: 1 };
