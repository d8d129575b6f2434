// Serves the built web app (web/dist) on the API's own port. Requests no route answers land here:
// a file of the build is sent as it is; any other GET of a page (outside /api/ and /hooks/, from a
// client that accepts HTML) gets index.html, so the app's deep links and reloads work. Everything
// else keeps the API's JSON 404.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Messages are rendered as elements, never as HTML; this policy is the second line of defence: no
// inline or foreign script, no plugins, no framing by other sites. Images may come from anywhere
// (webhook icons, attachment images), connections only go back to this server.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: http: data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Vite names every file under assets/ after a hash of its content, so it never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export interface WebApp {
  /** Answers the request from the build and returns true, or returns false to leave it to the 404. */
  serve(req: FastifyRequest, reply: FastifyReply): boolean;
}

/** The build folder next to the compiled server: <package>/web/dist from <package>/dist/src/http. */
export const defaultWebRoot = () => fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

function pathOf(url: string): string | null {
  const raw = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

const isServerPath = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/hooks' || path.startsWith('/hooks/');

// Browsers ask for pages with text/html; API clients (any type, or JSON) keep getting JSON 404s.
const acceptsHtml = (req: FastifyRequest) => {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
};

/** A web app served from `root`, or null when that folder has no build (the API runs alone). */
export function webApp(root: string = defaultWebRoot()): WebApp | null {
  const base = resolve(root);
  const index = join(base, 'index.html');
  if (!existsSync(index)) return null;

  const send = (reply: FastifyReply, file: string, cache: string, method: string) => {
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const size = statSync(file).size;
    reply.code(200).header('Content-Type', type).header('Content-Length', size).header('Cache-Control', cache);
    reply.header('X-Content-Type-Options', 'nosniff');
    if (type.startsWith('text/html')) {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('X-Frame-Options', 'SAMEORIGIN');
      reply.header('Referrer-Policy', 'no-referrer');
    }
    reply.send(method === 'HEAD' ? '' : createReadStream(file));
  };

  return {
    serve(req, reply) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = pathOf(req.url);
      if (path === null || path.includes('\0') || isServerPath(path)) return false;
      // A file of the build: resolved inside the build folder only (no "..", no absolute escapes).
      const file = resolve(base, `.${path}`);
      if (file.startsWith(base + sep) && isFile(file)) {
        send(reply, file, file.startsWith(join(base, 'assets') + sep) ? IMMUTABLE : REVALIDATE, req.method);
        return true;
      }
      // A missing asset is a 404, never the page: a stale tab must not run HTML as a script.
      if (path.startsWith('/assets/') || (path !== '/' && !acceptsHtml(req))) return false;
      send(reply, index, REVALIDATE, req.method);
      return true;
    },
  };
}
