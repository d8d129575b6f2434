// Who a socket belongs to once authenticated; supplied by the session layer through the hub's options.

export interface SocketAuth {
  userId: string;
  sessionToken: string;
  /** When the session ends (ms); the socket is closed at the first keep-alive sweep after it. */
  expiresAt?: number;
}
