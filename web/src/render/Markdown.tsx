// A message's text as people expect to see it: Markdown (GitHub flavour: tables, strikethrough,
// task lists, autolinks; a new line is a line break, as in Mattermost), emoji shortcodes,
// highlighted mentions. react-markdown builds React elements from a syntax tree and is never told
// to let HTML through, so HTML in a message shows as the text it is; link and image addresses pass
// the policy in urls.ts or are dropped.
import type { ComponentProps, ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkGemoji from 'remark-gemoji';
import remarkBreaks from 'remark-breaks';
import { remarkMentions, type MentionOptions } from './mentions';
import { isExternal, safeImageUrl, safeLinkUrl } from './urls';

export interface MarkdownProps extends MentionOptions {
  text: string;
}

function SafeLink({ href, children }: { href?: string; children?: ReactNode }) {
  const url = safeLinkUrl(href ?? '');
  if (!url) return <span className="link-blocked">{children}</span>;
  if (isExternal(url)) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  }
  return <a href={url}>{children}</a>;
}

function SafeImage({ src, alt }: ComponentProps<'img'>) {
  const url = typeof src === 'string' ? safeImageUrl(src) : '';
  if (!url) return <span className="image-blocked">{alt ?? ''}</span>;
  return <img className="markdown-image" src={url} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" />;
}

const components: Components = {
  a: ({ href, children }) => <SafeLink href={href}>{children}</SafeLink>,
  img: ({ src, alt }) => <SafeImage src={src} alt={alt} />,
  // Wide tables scroll inside the message instead of widening the page.
  table: ({ children }) => (
    <div className="table-scroll">
      <table>{children}</table>
    </div>
  ),
};

/** The address check runs again in SafeLink/SafeImage; here it stops unsafe URLs at the tree. */
const urlTransform = (url: string, key: string) => (key === 'src' ? safeImageUrl(url) : safeLinkUrl(url));

export function MessageMarkdown({ text, me, isUser }: MarkdownProps) {
  return (
    <div className="markdown">
      <Markdown
        remarkPlugins={[remarkGfm, remarkBreaks, remarkGemoji, [remarkMentions, { me, isUser }]]}
        components={components}
        urlTransform={urlTransform}
      >
        {text}
      </Markdown>
    </div>
  );
}
