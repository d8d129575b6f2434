// Table test: which callback URLs share a destination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { destinationOf } from './destination.js';

test('destinationOf is the origin: scheme, host and port, whatever the path', () => {
  const cases: [string, string][] = [
    ['http://example.com/hook', 'http://example.com'],
    ['http://EXAMPLE.com:80/other?x=1', 'http://example.com'],
    ['https://example.com:443/', 'https://example.com'],
    ['https://example.com:8443/a', 'https://example.com:8443'],
    ['http://example.com:8443/a', 'http://example.com:8443'],
    ['http://127.0.0.1:9000/a', 'http://127.0.0.1:9000'],
    ['http://[::1]:9000/a', 'http://[::1]:9000'],
    ['http://user:pw@example.com/a', 'http://example.com'],
    ['not a url', 'not a url'],
    ['ftp://example.com/a', 'ftp://example.com/a'],
  ];
  for (const [url, expected] of cases) assert.equal(destinationOf(url), expected, url);
});
