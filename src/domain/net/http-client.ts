// The outbound HTTP port: how the server calls an integration (webhook deliveries today). App code
// depends on these types only; src/adapters/outgoing-http supplies the undici implementation, which
// applies the address policy of ssrf-policy.ts.

/** Request headers, or a function that makes them. */
export type HttpHeaders = Record<string, string> | (() => Record<string, string>);

export interface HttpRequest {
  /**
   * Sent as given; the client adds none of its own (User-Agent, Accept… are the caller's). A
   * function is called once, just before the request is sent: a request may first wait its turn
   * behind a busy origin, and what depends on the moment of sending (a signature's timestamp) must
   * not go stale meanwhile. It is not called for a request that is never sent.
   */
  readonly headers: HttpHeaders;
  readonly body: string | Uint8Array;
  /** Whole exchange: connect, send, response headers and body. */
  readonly timeoutMs: number;
  /** Lets a shutting-down worker give up; an abort ends as reason 'other'. */
  readonly signal?: AbortSignal;
}

export type HttpErrorReason =
  | 'timeout'
  | 'connect'
  | 'dns'
  | 'forbidden_address'
  | 'tls'
  | 'too_many_redirects'
  | 'invalid_url'
  | 'other';

export type HttpResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** Lower-case names; repeated headers joined with ", ". */
      readonly headers: Record<string, string>;
      /** At most MAX_RESPONSE_BODY_BYTES. */
      readonly body: Buffer;
      /** True when the body was longer than the cap and reading stopped. */
      readonly truncated: boolean;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'error';
      readonly reason: HttpErrorReason;
      readonly message: string;
      readonly durationMs: number;
    };

export interface HttpClient {
  /** POSTs once. Never throws: every failure is an HttpResult of kind 'error'. Redirects are not followed. */
  post(url: string, req: HttpRequest): Promise<HttpResult>;
  /** Closes keep-alive connections (graceful: requests in flight finish). */
  close(): Promise<void>;
}

/** Spec §3.7: at most 1 MiB of a reply is read. */
export const MAX_RESPONSE_BODY_BYTES = 1_048_576;
