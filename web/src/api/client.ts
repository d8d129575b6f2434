// The app's one way to the server: Mattermost's own Client4, extended with the few routes it does
// not know (Switchboard's delivery log and hook enabling), all through its doFetch, so cookies, the
// CSRF header and error parsing work the same for every call.
import { Client4, ClientError } from '@mattermost/client';
import type { OutgoingWebhook } from '@mattermost/types/integrations';

export type Hook = OutgoingWebhook & { disabled_at: number; signing_secret?: string };

export type DeliveryState = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';

export interface Delivery {
  id: string;
  hook_id: string;
  post_id: string;
  callback_url: string;
  trigger_word: string;
  state: DeliveryState;
  attempt_count: number;
  last_status_code: number;
  last_error: string;
  create_at: number;
  update_at: number;
  next_attempt_at: number;
  deferred_until: number;
  is_test: boolean;
  reply_post_ids: string[];
  reply_error: string;
}

export interface DeliveryAttempt {
  attempt: number;
  create_at: number;
  duration_ms: number;
  outcome: string;
  error: string;
  request: { headers: Record<string, string>; body: string };
  response: { status_code: number; headers: Record<string, string>; body: string; truncated: boolean };
}

export type DeliveryWithAttempts = Delivery & { attempts: DeliveryAttempt[] };

export class SwitchboardClient extends Client4 {
  enableOutgoingHook = (hookId: string) =>
    this.doFetch<Hook>(`${this.getOutgoingHookRoute(hookId)}/enable`, { method: 'post' });

  getHookDeliveries = (hookId: string, page = 0, perPage = 20) =>
    this.doFetch<Delivery[]>(`${this.getOutgoingHookRoute(hookId)}/deliveries?page=${page}&per_page=${perPage}`, { method: 'get' });

  getHookDelivery = (hookId: string, deliveryId: string) =>
    this.doFetch<DeliveryWithAttempts>(`${this.getOutgoingHookRoute(hookId)}/deliveries/${deliveryId}`, { method: 'get' });

  redeliver = (hookId: string, deliveryId: string) =>
    this.doFetch<Delivery>(`${this.getOutgoingHookRoute(hookId)}/deliveries/${deliveryId}/redeliver`, { method: 'post' });

  sendTestDelivery = (hookId: string) =>
    this.doFetch<DeliveryWithAttempts[]>(`${this.getOutgoingHookRoute(hookId)}/test`, { method: 'post' });
}

export const client = new SwitchboardClient();
client.setUrl(typeof window === 'undefined' ? '' : window.location.origin);
client.setIncludeCookies(true);

/** What went wrong, in words a person can act on. */
export function errorText(e: unknown): string {
  if (e instanceof ClientError) {
    const status = (e as ClientError & { status_code?: number }).status_code;
    if (status === 0 || e.message === 'Received invalid response from the server.') return 'The server could not be reached. Check your connection and try again.';
    return e.message || `The server refused the request (${status}).`;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

/** The error's Mattermost id (api.context.session_expired.app_error, …), if it has one. */
export const errorId = (e: unknown): string =>
  e instanceof ClientError ? String((e as ClientError & { server_error_id?: string }).server_error_id ?? '') : '';

export const errorStatus = (e: unknown): number =>
  e instanceof ClientError ? Number((e as ClientError & { status_code?: number }).status_code ?? 0) : 0;
