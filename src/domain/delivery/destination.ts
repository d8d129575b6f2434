// A delivery's destination: the origin (scheme, host, port) its callback URL points at. Delivery
// capacity and the circuit breaker are shared out per destination, because that is what a slow or
// dead receiver makes slow: every URL on the same server, whatever its path.

/**
 * `scheme://host[:port]` as the URL standard writes an origin (lower-case host, default port left
 * out, so `http://a:80/x` and `http://A/y` are one destination). A URL that does not parse as http(s)
 * is a destination of its own; such a delivery fails at once anyway.
 */
export function destinationOf(callbackUrl: string): string {
  try {
    const url = new URL(callbackUrl);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '') return url.origin;
  } catch {
    // falls through
  }
  return callbackUrl;
}
