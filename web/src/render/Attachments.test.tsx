import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Attachments, attachmentColour, readAttachments } from './Attachments';
import { PostBody } from './PostBody';

const html = (value: unknown) => renderToStaticMarkup(<Attachments value={value} mentions={{ me: 'alice', isUser: (u) => u === 'alice' }} />);

// A CI report as a Slack-style receiver sends it.
const REPORT = [{
  fallback: 'Build 42 failed', color: 'danger', pretext: 'Build finished :warning:',
  author_name: 'ci', author_link: 'https://ci.example.com', author_icon: 'https://ci.example.com/a.png',
  title: 'Build 42', title_link: 'https://ci.example.com/builds/42', text: 'Failed *stage*: `test` cc @alice',
  fields: [{ title: 'Branch', value: 'main', short: true }, { title: 'Duration', value: '3m', short: 'true' }, { title: 'Log', value: 'long', short: false }],
  image_url: 'https://ci.example.com/chart.png', thumb_url: 'https://ci.example.com/t.png',
  footer: 'CI', footer_icon: 'https://ci.example.com/f.png', ts: 1700000000,
}];

describe('attachments', () => {
  const out = html(REPORT);

  it('draw a colour bar in the attachment colour', () => {
    expect(out).toContain('style="border-left-color:#a30200"');
  });

  it('show pretext, author, linked title, text, fields, image and footer', () => {
    expect(out).toContain('<div class="attachment__pretext"><div class="markdown"><p>Build finished ⚠️</p></div></div>');
    expect(out).toContain('<a href="https://ci.example.com/" target="_blank" rel="noopener noreferrer">ci</a>');
    expect(out).toContain('<h4 class="attachment__title"><a href="https://ci.example.com/builds/42" target="_blank" rel="noopener noreferrer">Build 42</a></h4>');
    expect(out).toContain('<p>Failed <em>stage</em>: <code>test</code> cc <span class="mention mention--me" data-mention="alice">@alice</span></p>');
    expect(out).toContain('<div class="attachment__field attachment__field--short"><dt>Branch</dt><dd><div class="markdown"><p>main</p></div></dd></div>');
    expect(out).toContain('<div class="attachment__field attachment__field--short"><dt>Duration</dt>');
    expect(out).toContain('<div class="attachment__field"><dt>Log</dt>');
    expect(out).toContain('<img class="attachment__image" src="https://ci.example.com/chart.png"');
    expect(out).toContain('<img class="attachment__thumb" src="https://ci.example.com/t.png"');
    expect(out).toMatch(/<div class="attachment__footer"><img src="https:\/\/ci.example.com\/f.png"[^>]*\/><span>CI<\/span><span aria-hidden="true"> \| <\/span><span>[^<]*2023[^<]*<\/span><\/div>/);
  });

  it('refuse unsafe links, images and colours', () => {
    const bad = html([{
      color: 'red;background:url(javascript:alert(1))', title: 'T', title_link: 'javascript:alert(1)', author_name: 'a',
      author_link: 'data:text/html,x', author_icon: 'javascript:x', image_url: 'data:image/png;base64,AA', thumb_url: 'vbscript:x',
      text: '<script>alert(1)</script>', footer_icon: 'javascript:x', footer: 'f',
    }]);
    expect(bad).not.toMatch(/javascript|data:|vbscript|<script|<img|url\(/);
    expect(bad).toContain('border-left-color:#dddddd');
    expect(bad).toContain('<h4 class="attachment__title">T</h4>');
    expect(bad).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('leave out what is not an attachment', () => {
    expect(readAttachments('nope')).toEqual([]);
    expect(readAttachments([null, 3, 'x', { text: 'ok', fields: [null, { title: 'a', value: 1 }] }])).toMatchObject([{ text: 'ok', fields: [{ title: 'a', value: '1', short: false }] }]);
    expect(html(undefined)).toBe('');
  });

  it('take Slack colour names and hex colours only', () => {
    expect(attachmentColour('good')).toBe('#2eb886');
    expect(attachmentColour('warning')).toBe('#daa038');
    expect(attachmentColour('#ABC')).toBe('#abc');
    expect(attachmentColour('00ff00')).toBe('#00ff00');
    expect(attachmentColour('blue')).toBe('#dddddd');
  });
});

describe('a post body', () => {
  it('renders the message and then its attachments', () => {
    const out = renderToStaticMarkup(<PostBody post={{ message: 'See :white_check_mark:', props: { attachments: [{ text: 'inside' }] } }} />);
    expect(out.indexOf('See ✅')).toBeGreaterThan(-1);
    expect(out.indexOf('inside')).toBeGreaterThan(out.indexOf('See ✅'));
  });
});
