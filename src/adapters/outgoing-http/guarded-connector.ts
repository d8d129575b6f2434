// An undici connector that applies the SSRF guard (spec §8) at connect time: the host is resolved
// once, every address is vetted, and the socket is opened to a vetted address, never to the name,
// so a DNS answer that changes between check and connect (rebinding) cannot reach a private address.

import type { buildConnector } from 'undici';
import { decideHost, vetAddresses, type OwnAddresses, type SsrfPolicy } from '../../domain/net/ssrf-policy.js';
import { ForbiddenAddressError } from './forbidden-address-error.js';

export type Connector = buildConnector.connector;
export type ConnectOptions = buildConnector.Options;
type Socket = NonNullable<Parameters<buildConnector.Callback>[1]>;

/** All A and AAAA addresses of a name, in resolution order. */
export type Resolve = (hostname: string) => Promise<string[]>;

export interface GuardedConnectorOptions {
  readonly policy: SsrfPolicy;
  /** Read at every connect, so an interface that appears later is still covered. */
  readonly ownAddresses: () => OwnAddresses;
  readonly resolve: Resolve;
  /** Opens the TCP/TLS socket (undici's buildConnector in production). */
  readonly connect: Connector;
}

export function createGuardedConnector(options: GuardedConnectorOptions): Connector {
  const { policy, ownAddresses, resolve, connect } = options;

  return (opts, callback) => {
    const decision = decideHost(opts.hostname, policy);
    if (decision.kind === 'allowed-without-checks') {
      connect(opts, callback);
      return;
    }
    const addresses = decision.literal !== null ? Promise.resolve([decision.literal]) : resolve(opts.hostname);
    addresses.then(
      (resolved) => {
        const vetted = vetAddresses(resolved, policy, ownAddresses());
        if (vetted.length === 0) {
          callback(new ForbiddenAddressError(opts.hostname, resolved), null);
          return;
        }
        // TLS must still name and verify the host, not the address we dial.
        const servername = decision.literal === null ? opts.servername || opts.hostname : opts.servername;
        connectInOrder(connect, opts, servername, vetted, callback);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
}

function connectInOrder(
  connect: Connector,
  opts: ConnectOptions,
  servername: string | undefined,
  addresses: readonly string[],
  callback: buildConnector.Callback,
): void {
  let index = 0;
  const attempt = () => {
    const address = addresses[index++];
    connect({ ...opts, hostname: address, servername }, (err, socket) => {
      if (err === null) {
        callback(null, socket as Socket);
        return;
      }
      // Spec §8.5: the next vetted address, in resolution order; the last error is the one reported.
      if (index < addresses.length) attempt();
      else callback(err, null);
    });
  };
  attempt();
}
