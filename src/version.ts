// The product version, reported to clients and in the outgoing-webhook User-Agent.
export const VERSION = '0.1.0';
export const SERVER_VERSION = `${VERSION}.switchboard`;
