/**
 * The list of domain route modules. Each registers its routes with their schemas and `config.access`
 * (the permission it needs); the auth hook enforces it. Add a domain here and nowhere else.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { registerAuthRoutes } from '../domains/auth/auth.routes.js';

export type RouteModule = (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;

export const routeModules: RouteModule[] = [registerAuthRoutes];
