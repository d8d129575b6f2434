// Who a socket belongs to once authenticated; supplied by the session layer through the hub's options.

export interface SocketAuth {
  userId: string;
  /** The login session the socket was opened with (its id, never its token): revoking it closes the socket. */
  sessionId: string;
  /** When the session ends (ms); the socket is closed at the first keep-alive sweep after it. */
  expiresAt?: number;
}
