// The configuration schema: every section and key Switchboard reads, its type, default and limits.
// Key names follow Mattermost's config.json so admins and tools find what they expect.

type KeySpec =
  | { type: 'boolean'; default: boolean }
  | { type: 'integer'; default: number; min: number; max: number }
  | { type: 'string'; default: string; secret?: boolean; pattern?: RegExp; values?: readonly string[] }
  | { type: 'integer-list'; default: readonly number[]; min: number; max: number; maxItems: number };

const bool = (d: boolean) => ({ type: 'boolean', default: d }) as const;
const int = (d: number, min: number, max: number) => ({ type: 'integer', default: d, min, max }) as const;
const str = (d: string, extra: { secret?: boolean; pattern?: RegExp; values?: readonly string[] } = {}) =>
  ({ type: 'string', default: d, ...extra }) as const;

export const CONFIG_SCHEMA = {
  ServiceSettings: {
    SiteURL: str('', { pattern: /^(https?:\/\/[^\s]+)?$/ }),
    ListenAddress: str(':8065', { pattern: /^[^\s:]*:\d{1,5}$/ }),
    EnableOutgoingWebhooks: bool(false),
    EnableIncomingWebhooks: bool(false),
    EnablePostUsernameOverride: bool(false),
    EnablePostIconOverride: bool(false),
    EnableOnlyAdminIntegrations: bool(true),
    OutgoingIntegrationRequestsTimeout: int(30, 1, 3600),
    AllowedUntrustedInternalConnections: str(''),
    EnableInsecureOutgoingConnections: bool(false),
    MaxPostSize: int(4000, 1, 65535),
    ExperimentalStrictCSRFEnforcement: bool(false),
    SessionLengthWebInHours: int(720, 1, 87600),
    MaximumRequestBodyBytes: int(1 << 20, 1024, 64 << 20),
    /** Wrong passwords in a row that lock an account (Mattermost's key and default). */
    MaximumLoginAttempts: int(10, 1, 1_000_000),
    /** Switchboard: minutes after the last failure that a lock ends by itself; 0 = only an admin unlocks. */
    LoginLockoutMinutes: int(15, 0, 525_600),
    /** Switchboard: login attempts each client address may make per minute before 429. */
    LoginRateLimitPerMinute: int(20, 1, 1_000_000),
  },
  TeamSettings: {
    SiteName: str('Switchboard'),
    EnableUserCreation: bool(true),
    EnableOpenServer: bool(false),
  },
  PasswordSettings: {
    MinimumLength: int(8, 5, 72),
  },
  SqlSettings: {
    DriverName: str('sqlite', { values: ['sqlite', 'postgres'] }),
    DataSource: str('', { secret: true }),
  },
  MetricsSettings: {
    // Both apply when the server starts: the listener is opened once.
    Enable: bool(false),
    ListenAddress: str(':8067', { pattern: /^[^\s:]*:\d{1,5}$/ }),
  },
  WebhookSettings: {
    RetryScheduleSeconds: { type: 'integer-list', default: [5, 30, 120, 600, 1800, 3600], min: 0, max: 86400, maxItems: 20 },
    LogRetentionDays: int(7, 0, 3650),
    LogMaxPerHook: int(1000, 1, 1_000_000),
    DisableAfterFailures: int(20, 1, 1_000_000),
    DisableAfterHours: int(24, 0, 8760),
    // Bounds on one post's fan-out (hooks × callback URLs); a hook's URLs are also capped by
    // Mattermost's 1024-character rendering of the list.
    MaxCallbackURLsPerHook: int(10, 1, 1000),
    MaxHooksPerChannel: int(50, 1, 10_000),
    MaxTeamWideHooksPerTeam: int(50, 1, 10_000),
    // The per-destination circuit breaker: consecutive timeouts or refused connections that open a
    // destination's circuit (0 = never), and how long its deliveries are then deferred before a probe.
    CircuitBreakerFailures: int(5, 0, 1000),
    CircuitBreakerCooldownSeconds: int(30, 1, 86_400),
  },
} as const satisfies Record<string, Record<string, KeySpec>>;

type Schema = typeof CONFIG_SCHEMA;
type ValueOf<S> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'integer-list' }
      ? readonly number[]
      : string;

export type Config = {
  readonly [Section in keyof Schema]: { readonly [Key in keyof Schema[Section]]: ValueOf<Schema[Section][Key]> };
};
export type SectionName = keyof Schema;
export type { KeySpec };

/** The placeholder that replaces secrets in config answers; sending it back keeps the stored secret. */
export const SECRET_PLACEHOLDER = '********';

export const DEFAULT_SQLITE_DATA_SOURCE = './data/switchboard.db';
