import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MessageMarkdown } from './Markdown';

const html = (text: string, opts: { me?: string; users?: string[] } = {}) =>
  renderToStaticMarkup(
    <MessageMarkdown text={text} me={opts.me} isUser={opts.users ? (u) => opts.users!.includes(u) : undefined} />,
  );

// The receiver's reply in the seed, exactly as the seed gives it.
const SEED_TABLE = `
| Component | Tests Run | Tests Failed |
|:-----------|:------------|:-----------------------------------------------|
| Server | 948 | :white_check_mark: 0 |
| Web Client | 123 | :warning: [2 (see details)](http://linktologs) |
| iOS Client | 78 | :warning: [3 (see details)](http://linktologs) |
`;

describe('the seed table', () => {
  const out = html(SEED_TABLE);

  it('is a table with a header row and three body rows', () => {
    const doc = out;
    expect(doc).toContain('<table>');
    expect(doc.match(/<th[ >]/g)).toHaveLength(3);
    expect(doc.match(/<tr>/g)).toHaveLength(4);
    expect(doc).toContain('>Component</th>');
    expect(doc).toContain('>Tests Failed</th>');
    expect(doc).toContain('>Web Client</td>');
    expect(doc).toContain('>948</td>');
  });

  it('aligns its columns left, as the separator row asks', () => {
    expect(out).toContain('<th style="text-align:left">Component</th>');
  });

  it('shows emoji for the shortcodes', () => {
    expect(out).toContain('✅ 0');
    expect(out.match(/⚠️/g)).toHaveLength(2);
    expect(out).not.toContain(':warning:');
  });

  it('links the details safely, in a new tab', () => {
    expect(out).toContain('<a href="http://linktologs/" target="_blank" rel="noopener noreferrer">2 (see details)</a>');
  });
});

describe('Markdown', () => {
  it('renders headings, emphasis, lists and code', () => {
    const out = html('# Title\n\n*it* and **bold** and ~~gone~~\n\n- one\n- two\n\n1. first\n\n`inline` then\n\n```js\nconst a = "<b>";\n```');
    expect(out).toContain('<h1>Title</h1>');
    expect(out).toContain('<em>it</em>');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<del>gone</del>');
    expect(out).toContain('<ul>\n<li>one</li>');
    expect(out).toContain('<ol>\n<li>first</li>');
    expect(out).toContain('<code>inline</code>');
    expect(out).toContain('<pre><code class="language-js">const a = &quot;&lt;b&gt;&quot;;\n</code></pre>');
  });

  it('shows HTML as text, never as elements', () => {
    const out = html('<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold?</b>');
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('drops links with schemes other than http, https and mailto', () => {
    const out = html('[js](javascript:alert(1)) [JS](JAVASCRIPT:alert(1)) [tab](java&#9;script:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:x) [mail](mailto:a@example.com) [rel](/team/channels/x)');
    expect(out).not.toMatch(/javascript|data:|vbscript/i);
    expect(out).toContain('<span class="link-blocked">js</span>');
    expect(out).toContain('<span class="link-blocked">tab</span>');
    expect(out).toContain('<span class="link-blocked">data</span>');
    expect(out).toContain('<a href="mailto:a@example.com" target="_blank" rel="noopener noreferrer">mail</a>');
    expect(out).toContain('<a href="/team/channels/x">rel</a>');
  });

  it('loads images only over http and https', () => {
    const out = html('![ok](https://example.com/a.png) ![bad](javascript:alert(1)) ![data](data:image/png;base64,AAAA)');
    expect(out).toContain('<img class="markdown-image" src="https://example.com/a.png" alt="ok" loading="lazy" referrerPolicy="no-referrer"/>');
    expect(out.match(/<img/g)).toHaveLength(1);
  });

  it('keeps a single new line as a line break, as chat messages are written', () => {
    expect(html('line one\nline two')).toContain('<p>line one<br/>\nline two</p>');
  });

  it('autolinks bare addresses', () => {
    expect(html('see https://example.com/x')).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">https://example.com/x</a>');
  });
});

describe('mentions', () => {
  it('highlights the reader and channel-wide mentions', () => {
    const out = html('@alice and @bob, @channel please', { me: 'alice', users: ['alice', 'bob'] });
    expect(out).toContain('<span class="mention mention--me" data-mention="alice">@alice</span>');
    expect(out).toContain('<span class="mention" data-mention="bob">@bob</span>,');
    expect(out).toContain('<span class="mention mention--channel" data-mention="channel">@channel</span>');
  });

  it('leaves unknown names, emails, code and link text alone', () => {
    const out = html('@nobody mail bob@example.com `@bob` [@bob](https://example.com)', { users: ['bob'] });
    expect(out).not.toContain('class="mention');
    expect(out).toContain('@nobody');
  });

  it('does not take a sentence\'s full stop into the name', () => {
    expect(html('thanks @bob.', { users: ['bob'] })).toContain('<span class="mention" data-mention="bob">@bob</span>.');
  });
});
