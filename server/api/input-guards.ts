/**
 * Input checks every route gets before its schema runs (after authentication, so callers who may not call
 * the route learn nothing about its body): a NUL byte in any string — body field, query parameter, path
 * parameter, filter value, or an object key — is a 400 naming the field. PostgreSQL cannot store U+0000 in
 * text, so without this such requests ended as 500s.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/errors.js';
import { msg } from '../lib/messages/index.js';

/** The dotted path of the first string (or key) holding U+0000, or null. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64 || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return null;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return null; // a stream (upload)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) return p.replace(/\u0000/g, '\\0');
    const hit = findNul(v, p, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export function installInputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const field = findNul(req.params, '') ?? findNul(req.query, '') ?? findNul(req.body, '');
    if (field) throw new AppError(400, 'validation_failed', msg('validation.nul_byte', { field }), field);
  });
}
