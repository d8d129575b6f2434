// Slack message attachments in webhook replies: decoding with Mattermost's type rules and the
// processing of spec §4.10 (drop nulls, %v field values, Slack translation, link rule).
import { DecodeError, goArray, goInt, goObject, goString } from '../go-json/decode.js';
import { goField, type JsonObject } from '../go-json/keys.js';
import { formatGoValue } from '../go-json/format.js';
import { translateAttachmentText, translateReferences, type TextLookups } from './text.js';

export interface SlackAttachmentField {
  title: string;
  /** Any JSON value as received; a string after processing (null stays null). */
  value: unknown;
  short: boolean;
}

export interface SlackAttachment {
  id: number;
  fallback: string;
  color: string;
  pretext: string;
  author_name: string;
  author_link: string;
  author_icon: string;
  title: string;
  title_link: string;
  text: string;
  fields: Array<SlackAttachmentField | null>;
  image_url: string;
  thumb_url: string;
  footer: string;
  footer_icon: string;
  /** Slack sends a string or a number; kept as given. */
  ts?: unknown;
  /** Interactive actions are stored untouched; acting on them is out of scope. */
  actions: JsonObject[];
}

// Mattermost's key order; fields sit between text (index 8) and image_url.
const STRING_KEYS = [
  'fallback', 'color', 'pretext', 'author_name', 'author_link', 'author_icon', 'title', 'title_link',
  'text', 'image_url', 'thumb_url', 'footer', 'footer_icon',
] as const;

/** Slack sends `short` as a bool or as "true"/"false" in any case; anything else (null too) is refused. */
export function decodeSlackBool(v: unknown, path: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw new DecodeError(path, 'SlackCompatibleBool', v);
}

function decodeField(raw: unknown, path: string): SlackAttachmentField | null {
  const obj = goObject(raw, path);
  if (obj === null) return null;
  const short = goField(obj, 'short');
  return {
    title: goString(goField(obj, 'title'), `${path}.title`),
    value: goField(obj, 'value') ?? null,
    short: short === undefined ? false : decodeSlackBool(short, `${path}.short`),
  };
}

function decodeAttachment(raw: unknown, path: string): SlackAttachment | null {
  const obj = goObject(raw, path);
  if (obj === null) return null;
  const strings = Object.fromEntries(STRING_KEYS.map((k) => [k, goString(goField(obj, k), `${path}.${k}`)]));
  const fields = (goArray(goField(obj, 'fields'), `${path}.fields`) ?? []).map((f, i) => decodeField(f, `${path}.fields[${i}]`));
  const actions = (goArray(goField(obj, 'actions'), `${path}.actions`) ?? [])
    .map((a, i) => goObject(a, `${path}.actions[${i}]`))
    .filter((a): a is JsonObject => a !== null);
  const ts = goField(obj, 'ts');
  return {
    id: goInt(goField(obj, 'id'), `${path}.id`),
    ...(strings as Record<(typeof STRING_KEYS)[number], string>),
    fields,
    ...(ts === undefined || ts === null ? {} : { ts }),
    actions,
  };
}

/** Decodes a JSON array of attachments; throws DecodeError on a wrongly typed value. */
export function decodeAttachments(raw: unknown, path = 'attachments'): Array<SlackAttachment | null> {
  return (goArray(raw, path) ?? []).map((a, i) => decodeAttachment(a, `${path}[${i}]`));
}

/** The texts that may hold <@id>/<#id> references, so the caller can resolve them in one batch. */
export function attachmentReferenceTexts(list: ReadonlyArray<SlackAttachment | null>): string[] {
  const texts: string[] = [];
  for (const a of list) {
    if (a === null) continue;
    texts.push(a.pretext, a.text, a.title);
    for (const f of a.fields) if (f !== null && f.value !== null) texts.push(formatGoValue(f.value));
  }
  return texts;
}

/** Spec §4.10 steps 1-4; the result is what goes into props.attachments. */
export function processAttachments(
  list: ReadonlyArray<SlackAttachment | null>,
  lookups: TextLookups,
): SlackAttachment[] {
  const out: SlackAttachment[] = [];
  for (const a of list) {
    if (a === null) continue;
    const fields: SlackAttachmentField[] = [];
    for (const f of a.fields) {
      if (f === null) continue;
      const value = f.value === null ? null : translateAttachmentText(formatGoValue(f.value), lookups);
      fields.push({ title: f.title, value, short: f.short });
    }
    out.push({
      ...a,
      pretext: translateAttachmentText(a.pretext, lookups),
      text: translateAttachmentText(a.text, lookups),
      // The title gets reference translation but not the link rule (§4.10 step 4).
      title: translateReferences(a.title, lookups),
      fields,
      actions: a.actions.map((x) => ({ ...x })),
    });
  }
  return out;
}

/**
 * The stored JSON shape: like Mattermost, empty attachment keys are omitted while every field keeps
 * title, value and short. Splitting measures this form.
 */
export function attachmentToJson(a: SlackAttachment): JsonObject {
  const out: JsonObject = {};
  if (a.id !== 0) out.id = a.id;
  for (const key of STRING_KEYS.slice(0, 9)) if (a[key] !== '') out[key] = a[key];
  if (a.fields.length > 0) out.fields = a.fields.filter((f) => f !== null).map((f) => ({ ...f }));
  for (const key of STRING_KEYS.slice(9)) if (a[key] !== '') out[key] = a[key];
  if (a.ts !== undefined && a.ts !== null && a.ts !== '') out.ts = a.ts;
  if (a.actions.length > 0) out.actions = a.actions;
  return out;
}
