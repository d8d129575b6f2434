// Slack-style message attachments (props.attachments), as webhook replies send them: a colour bar,
// pretext above, then author, title (linked when it has a safe link), text, fields (two to a row
// when short), image, and a footer with its time. Every text goes through the same Markdown
// renderer as messages; every address through the same URL policy.
import type { MentionOptions } from './mentions';
import { MessageMarkdown } from './Markdown';
import { safeImageUrl, safeLinkUrl } from './urls';

export interface AttachmentField {
  title: string;
  value: string;
  short: boolean;
}

export interface Attachment {
  color: string;
  pretext: string;
  author_name: string;
  author_link: string;
  author_icon: string;
  title: string;
  title_link: string;
  text: string;
  fields: AttachmentField[];
  image_url: string;
  thumb_url: string;
  footer: string;
  footer_icon: string;
  ts: string;
  fallback: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

const NAMED_COLOURS: Record<string, string> = { good: '#2eb886', warning: '#daa038', danger: '#a30200' };

/** A colour the bar may take: Slack's three names or a hex colour; anything else is the default grey. */
export function attachmentColour(value: string): string {
  const v = value.trim().toLowerCase();
  if (NAMED_COLOURS[v]) return NAMED_COLOURS[v]!;
  if (/^#?[0-9a-f]{3}([0-9a-f]{3})?$/.test(v)) return v.startsWith('#') ? v : `#${v}`;
  return '#dddddd';
}

/** Reads props.attachments defensively: whatever is not an attachment's shape is left out. */
export function readAttachments(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !Array.isArray(a))
    .map((a) => ({
      color: str(a.color), pretext: str(a.pretext), author_name: str(a.author_name), author_link: str(a.author_link),
      author_icon: str(a.author_icon), title: str(a.title), title_link: str(a.title_link), text: str(a.text),
      fields: Array.isArray(a.fields)
        ? a.fields
            .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
            .map((f) => ({ title: str(f.title), value: str(f.value), short: f.short === true || str(f.short).toLowerCase() === 'true' }))
        : [],
      image_url: str(a.image_url), thumb_url: str(a.thumb_url), footer: str(a.footer), footer_icon: str(a.footer_icon),
      ts: str(a.ts), fallback: str(a.fallback),
    }));
}

function footerTime(ts: string): string {
  const seconds = Number(ts);
  if (!ts || !Number.isFinite(seconds) || seconds <= 0) return '';
  return new Date(seconds * 1000).toLocaleString();
}

function AttachmentView({ a, mentions }: { a: Attachment; mentions: MentionOptions }) {
  const titleLink = safeLinkUrl(a.title_link);
  const authorLink = safeLinkUrl(a.author_link);
  const authorIcon = safeImageUrl(a.author_icon);
  const thumb = safeImageUrl(a.thumb_url);
  const image = safeImageUrl(a.image_url);
  const footerIcon = safeImageUrl(a.footer_icon);
  const time = footerTime(a.ts);
  return (
    <div className="attachment">
      {a.pretext && (
        <div className="attachment__pretext">
          <MessageMarkdown text={a.pretext} {...mentions} />
        </div>
      )}
      <div className="attachment__body" style={{ borderLeftColor: attachmentColour(a.color) }} data-testid="attachment">
        <div className="attachment__content">
          {a.author_name && (
            <div className="attachment__author">
              {authorIcon && <img src={authorIcon} alt="" width={16} height={16} referrerPolicy="no-referrer" />}
              {authorLink ? (
                <a href={authorLink} target="_blank" rel="noopener noreferrer">
                  {a.author_name}
                </a>
              ) : (
                <span>{a.author_name}</span>
              )}
            </div>
          )}
          {a.title && (
            <h4 className="attachment__title">
              {titleLink ? (
                <a href={titleLink} target="_blank" rel="noopener noreferrer">
                  {a.title}
                </a>
              ) : (
                a.title
              )}
            </h4>
          )}
          {a.text && <MessageMarkdown text={a.text} {...mentions} />}
          {a.fields.length > 0 && (
            <dl className="attachment__fields">
              {a.fields.map((f, i) => (
                <div key={i} className={f.short ? 'attachment__field attachment__field--short' : 'attachment__field'}>
                  {f.title && <dt>{f.title}</dt>}
                  <dd>
                    <MessageMarkdown text={f.value} {...mentions} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {image && <img className="attachment__image" src={image} alt="" loading="lazy" referrerPolicy="no-referrer" />}
          {(a.footer || time) && (
            <div className="attachment__footer">
              {footerIcon && <img src={footerIcon} alt="" width={16} height={16} referrerPolicy="no-referrer" />}
              {a.footer && <span>{a.footer}</span>}
              {a.footer && time && <span aria-hidden="true"> | </span>}
              {time && <span>{time}</span>}
            </div>
          )}
        </div>
        {thumb && <img className="attachment__thumb" src={thumb} alt="" loading="lazy" referrerPolicy="no-referrer" />}
      </div>
    </div>
  );
}

export function Attachments({ value, mentions }: { value: unknown; mentions: MentionOptions }) {
  const list = readAttachments(value);
  if (list.length === 0) return null;
  return (
    <div className="attachments">
      {list.map((a, i) => (
        <AttachmentView key={i} a={a} mentions={mentions} />
      ))}
    </div>
  );
}
