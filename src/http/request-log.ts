// One JSON line per request through the server's log: the request id (as request_id), method,
// route pattern (`/api/v4/users/:user_id`), status and duration. Never the URL, whose query may
// carry access_token, nor headers, cookies or bodies. Fastify's own request lines are replaced
// because they print the URL and the request headers.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class RequestLog extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'request_id' });
  }

  override incomingRequest() {}

  override routeNotFound() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const fields = {
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...fields, error: error.message }, 'request failed');
    else reply.log.info(fields, 'request');
  }

  override defaultErrorLog(error: Error, _request: FastifyRequest, reply: FastifyReply) {
    if (reply.statusCode >= 500) reply.log.error({ error: error?.message }, 'request failed');
  }

  override writeHeadError(error: Error, _request: FastifyRequest, reply: FastifyReply) {
    reply.log.warn({ error: error?.message }, 'the response headers could not be written');
  }
}
