// The server's one log: JSON lines through pino (the logger Fastify ships with) on stdout. Request
// lines, the app's events and errors all come out here in the same shape:
//   {"level":"info","time":"2026-01-05T09:00:00.000Z","pid":1,"hostname":"h","msg":"…",…}
// Callers pass ids and names, never tokens, passwords or cookies; the redaction below is only a
// second line of defence for a field that slips through.
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { Logger } from '../app/ports/logger.js';

export type { Pino };

const SECRET_FIELDS = ['password', 'token', 'access_token', 'authorization', 'cookie', 'csrf_token', 'signing_secret', 'DataSource'];

/** The log main.ts writes (stdout by default; tests pass a stream of their own). */
export function createLog(destination: DestinationStream = pino.destination(1)): Pino {
  return pino(
    {
      level: 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
    },
    destination,
  );
}

/** A log that writes nothing (the default of embedded and test servers). */
export const silentLog = (): Pino => pino({ level: 'silent' });

/** The app's Logger port over the same log, so use cases and requests share one format. */
export function appLogger(log: Pino): Logger {
  return {
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
  };
}
