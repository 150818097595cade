/**
 * Graph-API HTTP plumbing shared by the route modules: bearer-token check (→ 190), version
 * check, and the error handler that turns GraphError into Meta's §2.1 body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from './context.js';
import { GraphError } from './graph-errors.js';

/** Error for the `/_sim` control API (plain `{ error }` body, not Graph-shaped). */
export class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Throws 190 unless the request carries `Authorization: Bearer <configured token>`. */
export function requireToken(ctx: SimContext, req: FastifyRequest): void {
  const h = req.headers.authorization;
  if (!h) throw new GraphError(190, 'An access token is required to request this resource.');
  const token = /^Bearer\s+(.+)$/i.exec(h)?.[1]?.trim();
  if (token !== ctx.config.accessToken) throw new GraphError(190, 'Invalid OAuth access token - Cannot parse access token');
}

/** Accepts any `vNN.N` Graph version prefix. */
export function checkVersion(ver: string): void {
  if (!/^v\d+\.\d+$/.test(ver)) throw new GraphError(100, `Unknown path components: /${ver}`);
}

/** The Graph "object does not exist" error (code 100, subcode 33). */
export function unknownObject(id: string, verb: 'get' | 'post' | 'delete'): GraphError {
  return new GraphError(
    100,
    `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    33,
  );
}

/** Installs the error handler: Graph bodies for API routes, `{error}` for control routes. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof GraphError) {
      if (err.code === 190) reply.header('www-authenticate', 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"');
      return reply.code(err.status).send(err.toBody());
    }
    if (err instanceof ControlError) return reply.code(err.status).send({ error: err.message });
    const e = err as { statusCode?: number; message?: string };
    const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
    if (req.url.startsWith('/_sim')) return reply.code(status).send({ error: e.message ?? 'error' });
    const graph = status === 413 ? new GraphError(100, 'The request body is too large.') : status < 500 ? new GraphError(100, e.message) : new GraphError(1, 'An unknown error occurred.');
    return reply.code(graph.status).send(graph.toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/_sim')) return reply.code(404).send({ error: `no control endpoint ${req.method} ${req.url.split('?')[0]}` });
    const err = new GraphError(100, `Unknown path components: ${req.url.split('?')[0]}`);
    return reply.code(400).send(err.toBody());
  });
}
