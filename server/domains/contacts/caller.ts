/** Builds the service-level Caller from a request's principal. */
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../api/auth-hook.js';
import { actorOf } from '../auth/auth.service.js';
import { can } from '../auth/permissions.js';
import type { Caller } from './contacts.service.js';

export function callerOf(req: FastifyRequest): Caller {
  const p = principalOf(req);
  return { workspaceId: p.workspaceId, actor: actorOf(p, req.ip), isAdmin: can(p.role, 'admin') };
}
