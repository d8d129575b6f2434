// A JSON-lines logger on stdout/stderr. Callers pass ids and names, never tokens or passwords.
import type { Logger } from '../app/ports.js';

export function jsonLogger(stream: { write(s: string): unknown } = process.stdout, errStream = process.stderr): Logger {
  const line = (level: string, msg: string, fields?: Record<string, unknown>) =>
    JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n';
  return {
    info: (msg, fields) => stream.write(line('info', msg, fields)),
    warn: (msg, fields) => errStream.write(line('warn', msg, fields)),
    error: (msg, fields) => errStream.write(line('error', msg, fields)),
  };
}
