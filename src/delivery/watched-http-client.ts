// The HTTP client as the delivery engine uses it: every request's result also tells the circuit of
// its destination whether the destination is reachable. Test sends count too; they are evidence like
// any other request.
import type { HttpClient } from '../domain/net/http-client.js';
import { destinationOf } from '../domain/delivery/destination.js';
import type { Clock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import type { DestinationCircuits } from './destination-circuits.js';

export function watchDestinations(http: HttpClient, circuits: DestinationCircuits, clock: Clock, logger: Logger): HttpClient {
  return {
    async post(url, req) {
      const destination = destinationOf(url);
      const startedAt = clock.now();
      const result = await http.post(url, req);
      const { before, after } = circuits.record(destination, result, startedAt, clock.now());
      if (after.state === 'open' && before.state !== 'open') {
        logger.warn('a webhook destination is not answering: its deliveries are deferred', {
          destination, until: new Date(after.until).toISOString(), error: result.kind === 'error' ? result.reason : '',
        });
      } else if (after.state === 'closed' && before.state !== 'closed') {
        logger.info('a webhook destination answers again: its deliveries resume', { destination });
      }
      return result;
    },
    close: () => http.close(),
  };
}
