/**
 * Turns anything thrown in a request into `{"error":{"code","message","field"}}` with the right status.
 * Validation errors name the offending field; internal errors show only a request id and are logged in full.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isAppError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldOf(issue: AjvIssue): string | undefined {
  const base = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra = (issue.params?.missingProperty ?? issue.params?.additionalProperty) as string | undefined;
  return [base, extra].filter(Boolean).join('.') || undefined;
}

function validationMessage(issue: AjvIssue, field: string | undefined, where: string): string {
  if (issue.keyword === 'required') return `${field} is required.`;
  if (issue.keyword === 'additionalProperties') return `${field} is not a known field.`;
  return `${field ?? where} ${issue.message ?? 'is invalid'}.`;
}

export function installErrorHandling(app: FastifyInstance, log: Logger) {
  app.setErrorHandler((err: FastifyError & { validation?: AjvIssue[]; validationContext?: string }, req, reply) => {
    if (isAppError(err)) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}), ...(err.details ? { details: err.details } : {}) } });
    }
    if (err.validation?.length) {
      const issue = err.validation[0];
      const field = fieldOf(issue);
      return reply.status(400).send({
        error: { code: 'validation_failed', message: validationMessage(issue, field, err.validationContext ?? 'request'), ...(field ? { field } : {}) },
      });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return reply.status(413).send({ error: { code: 'payload_too_large', message: 'The request body is too large.' } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return reply.status(415).send({ error: { code: 'unsupported_media_type', message: 'Send JSON (Content-Type: application/json).' } });
    }
    if (err.statusCode === 400 && (err.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError)) {
      return reply.status(400).send({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'bad_request', message: 'The request could not be processed.' } });
    }
    log.error('request failed', { reqId: req.id, method: req.method, url: req.url, err });
    return reply
      .status(500)
      .send({ error: { code: 'internal_error', message: `Something went wrong on our side (request ${req.id}). It has been logged.` } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}.` } });
  });
}
