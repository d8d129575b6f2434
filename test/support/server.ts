// Starts a real Switchboard server on a random loopback port over a fresh database, and makes
// official Mattermost clients (Client4) pointed at it.
import pkg from '@mattermost/client';
import { ConfigService } from '../../src/config/config-service.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { Pino } from '../../src/adapters/logger.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

const { Client4 } = pkg as unknown as { Client4: new () => any };
export type Client = any;

export interface TestServer extends RunningServer {
  kind: 'sqlite' | 'postgres';
  database: TestDatabase;
  client(token?: string): Client;
  stop(): Promise<void>;
}

/** `log`: where the server's log goes (silent when not given). */
export async function startTestServer(kind: 'sqlite' | 'postgres', config: Record<string, unknown> = {}, log?: Pino): Promise<TestServer> {
  const database = await createTestDatabase(kind);
  const service = ConfigService.fromObject({
    ...config,
    // Every test client logs in from 127.0.0.1: the per-address login limit is raised so suites can log
    // in as often as they need; the suite that tests the limit sets its own.
    ServiceSettings: { ListenAddress: '127.0.0.1:0', LoginRateLimitPerMinute: 1000, ...(config.ServiceSettings as object) },
    SqlSettings: { DriverName: database.driver, DataSource: database.dataSource },
  });
  const server = await startServer({ config: service, log });
  return {
    ...server,
    kind,
    database,
    client(token?: string) {
      const c = new Client4();
      c.setUrl(server.url);
      if (token) c.setToken(token);
      return c;
    },
    async stop() {
      await server.close();
      await database.drop();
    },
  };
}

let counter = 0;
/** A unique, valid username / team name for this run. */
export const uniqueName = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Creates the first user (a system admin) and logs in as them. */
export async function adminClient(server: TestServer) {
  const c = server.client();
  const username = uniqueName('admin');
  const user = await c.createUser({ username, email: `${username}@example.com`, password: 'password1' });
  await c.login(username, 'password1');
  return { client: c, user };
}

/** Creates a user through an admin client and returns a client logged in as them. */
export async function userClient(server: TestServer, admin: Client) {
  const username = uniqueName('user');
  const user = await admin.createUser({ username, email: `${username}@example.com`, password: 'password1' });
  const c = server.client();
  await c.login(username, 'password1');
  return { client: c, user };
}
