// Starts Switchboard: reads config.json (MM_CONFIG, default ./data/config.json) plus MM_* overrides.
import { ConfigService } from './config/config-service.js';
import { ConfigError } from './config/config-error.js';
import { startServer } from './server.js';
import { appLogger, createLog } from './adapters/logger.js';

const log = createLog();
const logger = appLogger(log);
// A stray rejection must not take every user's session down with it; it is logged instead.
process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: String((reason as Error)?.message ?? reason) }));
const configPath = process.env.MM_CONFIG || './data/config.json';

let config: ConfigService;
try {
  config = await ConfigService.load(configPath);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`Switchboard cannot start: ${e.message}`);
    process.exit(1);
  }
  throw e;
}

try {
  const server = await startServer({ config, log });
  const stop = async () => {
    logger.info('shutting down');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  console.error(`Switchboard cannot start: ${(e as Error).message}`);
  process.exit(1);
}
