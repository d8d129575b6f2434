// Raw HTTP against a test server with plain fetch, and the checks every error answer must pass
// (api-v4-compat §3-§4): exact JSON content type, full AppError body, request id, no 5xx, no stack.
import assert from 'node:assert/strict';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface RawRequest {
  token?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON with a Content-Type; a string is sent as is (with the headers given). */
  body?: unknown;
}

export async function call(baseUrl: string, method: string, path: string, req: RawRequest = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  let body: string | undefined;
  if (typeof req.body === 'string') body = req.body;
  else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const STACK_FRAME = /\bat\s+\S+\s+\(?[^\s)]*:\d+:\d+\)?|node:internal|\/src\/|\.js:\d+/;

/** Asserts that `res` is a well-formed AppError answer; `status`/`id` pin it down when given. */
export function assertAppError(res: RawResponse, status?: number, id?: string, what = ''): void {
  const label = `${what} → ${res.status} ${res.text.slice(0, 300)}`;
  // 501 is how a switched-off feature answers; anything else must be the caller's fault (4xx).
  assert.ok((res.status >= 400 && res.status < 500) || res.status === 501, `expected a 4xx, got ${label}`);
  if (status !== undefined) assert.equal(res.status, status, label);
  assert.equal(res.headers.get('content-type'), 'application/json', label);
  const body = res.json;
  assert.ok(body && typeof body === 'object' && !Array.isArray(body), `no JSON object body: ${label}`);
  assert.equal(typeof body.id, 'string', label);
  assert.ok(body.id.length > 0, label);
  if (id !== undefined) assert.equal(body.id, id, label);
  assert.equal(typeof body.message, 'string', label);
  assert.equal(typeof body.detailed_error, 'string', label);
  assert.equal(body.status_code, res.status, label);
  assert.match(body.request_id, /^[a-z0-9]{26}$/, label);
  assert.equal(res.headers.get('x-request-id'), body.request_id, label);
  assert.doesNotMatch(res.text, STACK_FRAME, `stack trace or internal path leaked: ${label}`);
}

/** Asserts a successful JSON answer with the exact content type. */
export function assertJsonOk(res: RawResponse, status = 200, what = ''): any {
  assert.equal(res.status, status, `${what} → ${res.status} ${res.text.slice(0, 300)}`);
  assert.equal(res.headers.get('content-type'), 'application/json', what);
  assert.ok(res.text.length > 0, what);
  assert.match(res.headers.get('x-request-id') ?? '', /^[a-z0-9]{26}$/, what);
  return res.json;
}

/** Matches a ClientError thrown by Client4 (for assert.rejects). */
export const clientError = (status: number, id?: string) => (e: any) => {
  assert.equal(e?.status_code, status, `status_code of ${JSON.stringify(e)}`);
  if (id !== undefined) assert.equal(e.server_error_id, id);
  return true;
};
