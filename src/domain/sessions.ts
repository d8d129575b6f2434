// A login session. The token itself is never kept: only its SHA-256, so a leaked database holds
// no usable credential.

export interface Session {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
}
