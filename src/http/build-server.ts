// Builds the HTTP server without listening, so tests can drive it in-process or on a port.
// It applies the wire conventions Mattermost clients need (api-v4-compat §2-§5) to every route.
// Each group of routes is a Fastify plugin in a scope of its own. The API's body rules (JSON only,
// api-v4-compat §2) belong to the /api/v4 scope; outside it nothing reads a body unless a plugin
// brings its own parsers, in its own scope (the public POST /hooks/{id} of incoming webhooks will
// take form, multipart and untyped bodies).
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { Transform } from 'node:stream';
import { invalidBodyParam, requestTooLarge, routeNotFound } from '../domain/errors.js';
import { CONFIG_SCHEMA } from '../config/schema.js';
import { errorBody, errorHeaders, statusOf, toAppError } from './errors.js';
import { makeRouteKit, type RoutePlugin } from './route-kit.js';
import { checkJsonValue, checkQuery, parseQueryString } from './request-input.js';
import { SERVER_VERSION } from '../version.js';
import { userRoutes } from './api4/users.js';
import { teamRoutes } from './api4/teams.js';
import { channelRoutes } from './api4/channels.js';
import { postRoutes } from './api4/posts.js';
import { systemRoutes } from './api4/system.js';
import { RequestLog } from './request-log.js';
import { silentLog, type Pino } from '../adapters/logger.js';
import type { WebApp } from './web-app.js';

export interface BuildOptions {
  /** Extra route plugins under /api/v4, with the API's body rules (features wired by the composition root). */
  routes?: RoutePlugin[];
  /** Route plugins at the root instead of /api/v4 (GET /metrics, for example), each in its own scope. */
  rootRoutes?: RoutePlugin[];
  /** Where request lines go (the same log as the app's); silent when not given. */
  log?: Pino;
  /** The web app, served for paths no route answers (web-app.ts). */
  webApp?: WebApp | null;
}

const API_ROUTES: RoutePlugin[] = [userRoutes, teamRoutes, channelRoutes, postRoutes, systemRoutes];

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidBodyParam('body', 'the body is not valid JSON');
  }
  checkJsonValue(value);
  return value;
}

export function buildServer(ctx: AppContext, opts: BuildOptions = {}): FastifyInstance {
  const log: FastifyBaseLogger = opts.log ?? silentLog();
  const app = Fastify({
    loggerInstance: log,
    logController: new RequestLog(),
    // The live limit (MaximumRequestBodyBytes) is enforced per request below, so a config change
    // applies at once; Fastify's own cap is the highest value that setting may take.
    bodyLimit: CONFIG_SCHEMA.ServiceSettings.MaximumRequestBodyBytes.max,
    genReqId: () => ctx.newId(),
    requestIdHeader: false,
    return503OnClosing: false,
    // Long names and ids reach the handlers, which answer with the documented 400 for each parameter.
    routerOptions: { maxParamLength: 1024, querystringParser: parseQueryString },
    // Paths the router cannot parse never reach a route or its hooks; without this Fastify would
    // answer with its own {statusCode, error} body, which Client4 cannot read (§4.1). No onSend hook
    // runs here, so the body goes out as bytes: Fastify appends a charset to JSON objects and strings.
    frameworkErrors: (err, req, reply) => {
      const e = toAppError(err);
      reply.header('X-Request-ID', req.id).header('X-Version-Id', SERVER_VERSION).type('application/json');
      (reply as FastifyReply).code(statusOf(e)).send(Buffer.from(JSON.stringify(errorBody(e, req.id))));
    },
  });

  // Outside /api/v4 a body is read (so the size limit applies) and set aside: the root's own routes
  // take none, and an unknown path is a 404 whatever it carries.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, undefined));

  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-ID', req.id);
    reply.header('X-Version-Id', SERVER_VERSION);
    checkQuery(req.query as Record<string, string>);
  });

  app.addHook('preParsing', async (req, _reply, payload) => {
    const limit = ctx.config.get().ServiceSettings.MaximumRequestBodyBytes;
    if (Number(req.headers['content-length']) > limit) throw requestTooLarge();
    // With a Content-Length Fastify checks the body matches it; only chunked bodies need counting.
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) return payload;
    let seen = 0;
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, cb) {
          seen += chunk.length;
          cb(seen > limit ? requestTooLarge() : null, chunk);
        },
      }),
    );
  });

  // Client4 parses a body as JSON only when the type is exactly application/json.
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json')) reply.header('content-type', 'application/json');
    return payload;
  });

  // The root scope: the web app for browser page requests, the AppError 404 for everything else.
  app.setNotFoundHandler((req, reply) => {
    if (opts.webApp?.serve(req, reply)) return;
    notFound(req, reply);
  });

  app.setErrorHandler((err, req, reply) => {
    const e = toAppError(err);
    const status = statusOf(e);
    if (status >= 500) {
      ctx.logger.error('request failed', { request_id: req.id, method: req.method, path: req.routeOptions?.url ?? '', error: String((err as Error)?.message ?? err) });
    }
    reply.code(status).headers(errorHeaders(e)).type('application/json').send(errorBody(e, req.id));
  });

  const kit = makeRouteKit(ctx);
  app.register(
    async (api) => {
      useApiBodyRules(api);
      // Its own 404 scope, so a miss under /api/v4 is read with the API's body rules, as its routes are.
      api.setNotFoundHandler(notFound);
      for (const routes of [...API_ROUTES, ...(opts.routes ?? [])]) api.register(routes, { kit });
    },
    { prefix: '/api/v4' },
  );
  for (const routes of opts.rootRoutes ?? []) app.register(routes, { kit });
  return app;
}

function notFound(req: FastifyRequest, reply: FastifyReply) {
  const e = routeNotFound();
  reply.code(statusOf(e)).type('application/json').send(errorBody(e, req.id));
}

/** Bodies of the API: empty JSON is "no body"; a body without a Content-Type is tried as JSON. */
function useApiBodyRules(api: FastifyInstance) {
  api.removeAllContentTypeParsers();
  api.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  api.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    let value: unknown;
    try {
      value = (body as string).trim() === '' ? undefined : JSON.parse(body as string);
    } catch {
      return done(null, body); // not JSON: handlers that take other formats read the raw text
    }
    try {
      checkJsonValue(value);
      done(null, value);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
