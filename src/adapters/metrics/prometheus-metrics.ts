// Prometheus metrics of the delivery engine (prom-client, every name prefixed switchboard_). Outcomes
// and latencies are counted as attempts finish; queue depth, the age of the oldest due delivery and
// the deferred deliveries are read from the outbox at scrape time, so they are right on every node
// and after a restart. Open circuits are this process's own (circuits are kept per process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AttemptOutcomeName } from '../../domain/delivery/delivery.js';
import type { DeliveryMetrics } from '../../app/outgoing-hooks/delivery-metrics.js';
import type { QueueStats } from '../../store/store.js';

export interface QueueStatsSource {
  queueStats(now: number): Promise<QueueStats>;
}

export interface PrometheusMetrics extends DeliveryMetrics {
  readonly contentType: string;
  /** The exposition text for GET /metrics. */
  render(): Promise<string>;
}

// Attempt outcomes, and `cancelled` for a delivery ended without a request.
const OUTCOMES: ReadonlyArray<AttemptOutcomeName | 'cancelled'> = ['success', 'retry', 'failure', 'gone', 'cancelled'];

/** `openCircuits` counts this process's destinations whose circuit is not closed. */
export function createPrometheusMetrics(queue: QueueStatsSource, now: () => number, openCircuits: () => number = () => 0): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
  const deliveries = new Counter({
    name: 'switchboard_webhook_deliveries_total',
    help: 'Outgoing webhook delivery attempts by outcome (success, retry, failure, gone), and deliveries cancelled without a request (cancelled).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Every outcome shows from the first scrape (as 0), so rate() and alerts work before any failure.
  for (const outcome of OUTCOMES) deliveries.inc({ outcome }, 0);
  const latency = new Histogram({
    name: 'switchboard_webhook_attempt_duration_seconds',
    help: 'Time from sending an outgoing webhook request to its complete answer (or failure).',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const deferrals = new Counter({
    name: 'switchboard_webhook_deferrals_total',
    help: 'Deliveries deferred without an attempt because their destination was not answering (its circuit was open).',
    registers: [registry],
  });
  deferrals.inc(0);
  new Gauge({
    name: 'switchboard_webhook_open_circuits',
    help: 'Destinations this process is backing off because they keep timing out or refusing connections (open or half-open circuits).',
    registers: [registry],
    collect() {
      this.set(openCircuits());
    },
  });
  let stats: Promise<QueueStats> | null = null;
  // Both gauges come from one query per scrape.
  const readStats = () => (stats ??= queue.queueStats(now()));
  new Gauge({
    name: 'switchboard_webhook_queue_depth',
    help: 'Deliveries not finished yet (pending or waiting for a retry).',
    registers: [registry],
    async collect() {
      this.set((await readStats()).depth);
    },
  });
  new Gauge({
    name: 'switchboard_webhook_oldest_due_age_seconds',
    help: 'How long the oldest due delivery has been waiting to be sent (0 when none is due).',
    registers: [registry],
    async collect() {
      const { oldestDueAt } = await readStats();
      this.set(oldestDueAt === null ? 0 : Math.max(0, now() - oldestDueAt) / 1000);
    },
  });
  new Gauge({
    name: 'switchboard_webhook_deferred_deliveries',
    help: 'Deliveries waiting for the end of their destination\'s cool-down (deferred because it was not answering).',
    registers: [registry],
    async collect() {
      this.set((await readStats()).deferred);
    },
  });
  return {
    contentType: registry.contentType,
    render() {
      stats = null;
      return registry.metrics();
    },
    attemptFinished(outcome, durationMs) {
      deliveries.inc({ outcome });
      latency.observe(durationMs / 1000);
    },
    deliveryCancelled() {
      deliveries.inc({ outcome: 'cancelled' });
    },
    deliveriesDeferred(count) {
      deferrals.inc(count);
    },
  };
}
