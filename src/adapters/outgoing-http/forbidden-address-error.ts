// The error the guarded connector raises for an SSRF refusal; its message tells the admin the way out.

export const FORBIDDEN_ADDRESS_CODE = 'SWITCHBOARD_FORBIDDEN_ADDRESS';

export class ForbiddenAddressError extends Error {
  readonly code = FORBIDDEN_ADDRESS_CODE;

  constructor(host: string, addresses: readonly string[]) {
    const resolved = addresses.length > 0 ? ` (resolved to ${addresses.join(', ')})` : '';
    super(
      `address forbidden: ${host}${resolved} is a reserved or own address; ` +
        'add the host or network to ServiceSettings.AllowedUntrustedInternalConnections to allow it',
    );
    this.name = 'ForbiddenAddressError';
  }
}
