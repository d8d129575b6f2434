// Which link and image addresses a message may use. The URL is parsed the way the browser will
// parse it (WHATWG URL: tabs and newlines dropped, entities already decoded by the Markdown parser),
// so "java\tscript:" or "JAVASCRIPT:" cannot slip past as something else.
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS = new Set(['http:', 'https:']);

function hasScheme(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function allowed(url: string, protocols: Set<string>): string {
  const trimmed = url.trim();
  if (trimmed === '') return '';
  if (!hasScheme(trimmed)) {
    // Something that looks like a scheme but is not one ("java%09script:") is no address at all.
    if (/^[^/?#]*:/.test(trimmed)) return '';
    // A relative address stays on this server (the page's own scheme): a link within the app.
    return /^[\\/]{2}/.test(trimmed) ? allowedAbsolute(`https:${trimmed}`, protocols) : trimmed;
  }
  return allowedAbsolute(trimmed, protocols);
}

function allowedAbsolute(url: string, protocols: Set<string>): string {
  try {
    const parsed = new URL(url);
    return protocols.has(parsed.protocol) ? parsed.href : '';
  } catch {
    return '';
  }
}

/** The address a link may point to, or "" when it must not be a link at all. */
export const safeLinkUrl = (url: string): string => allowed(url, LINK_PROTOCOLS);

/** The address an image may load from (http and https only), or "". */
export const safeImageUrl = (url: string): string => allowed(url, IMAGE_PROTOCOLS);

/** True for links that leave the app (they open in a new tab, without a referrer or opener). */
export const isExternal = (href: string): boolean => hasScheme(href) || href.startsWith('//');
