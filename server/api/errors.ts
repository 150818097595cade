/**
 * Turns anything thrown in a request into `{"error":{"code","message","field","messageCode","params"}}` with the
 * right status. `messageCode` + `params` are the coded message (docs/i18n.md) the web app renders in the user's
 * language; `message` is its English text. Validation errors name the offending field; internal errors show only
 * a request id and are logged in full.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isAppError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { msg, type Message } from '../lib/messages/index.js';

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

/** The coded message of one AJV issue: the field and, where it has one, the limit or format it broke. */
export function validationMessage(issue: AjvIssue, field: string | undefined, where: string): Message {
  const f = field ?? where;
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case 'required':
      return msg('validation.required', { field: f });
    case 'additionalProperties':
      return msg('validation.unknown_field', { field: f });
    case 'type':
      return msg('validation.type', { field: f, type: String(p.type ?? '') });
    case 'format':
      return msg('validation.format', { field: f, format: String(p.format ?? '') });
    case 'minLength':
      return msg('validation.min_length', { field: f, limit: Number(p.limit) });
    case 'maxLength':
      return msg('validation.max_length', { field: f, limit: Number(p.limit) });
    case 'minimum':
    case 'exclusiveMinimum':
      return msg('validation.minimum', { field: f, limit: Number(p.limit) });
    case 'maximum':
    case 'exclusiveMaximum':
      return msg('validation.maximum', { field: f, limit: Number(p.limit) });
    case 'minItems':
      return msg('validation.min_items', { field: f, limit: Number(p.limit) });
    case 'maxItems':
      return msg('validation.max_items', { field: f, limit: Number(p.limit) });
    case 'enum':
      return msg('validation.enum', { field: f, allowed: Array.isArray(p.allowedValues) ? p.allowedValues.join(', ') : '' });
    case 'const':
      return msg('validation.enum', { field: f, allowed: String(p.allowedValue ?? '') });
    case 'pattern':
      return msg('validation.pattern', { field: f });
    default:
      return msg('validation.invalid', { field: f });
  }
}

/** The body of an error answer; a coded message adds its code and parameters. */
function body(code: string, m: Message | string, extra: { field?: string; details?: Record<string, unknown> } = {}) {
  const coded = typeof m === 'string' ? {} : { messageCode: m.code, ...(m.params ? { params: m.params } : {}) };
  return {
    error: { code, message: typeof m === 'string' ? m : m.message, ...(extra.field ? { field: extra.field } : {}), ...(extra.details ? { details: extra.details } : {}), ...coded },
  };
}

export function installErrorHandling(app: FastifyInstance, log: Logger) {
  app.setErrorHandler((err: FastifyError & { validation?: AjvIssue[]; validationContext?: string }, req, reply) => {
    if (isAppError(err)) {
      const m: Message | string = err.messageCode ? { code: err.messageCode, params: err.params, message: err.message } : err.message;
      return reply.status(err.status).send(body(err.code, m, { field: err.field, details: err.details }));
    }
    if (err.validation?.length) {
      const issue = err.validation[0];
      const field = fieldOf(issue);
      return reply.status(400).send(body('validation_failed', validationMessage(issue, field, err.validationContext ?? 'request'), { field }));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return reply.status(413).send(body('payload_too_large', msg('error.payload_too_large')));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return reply.status(415).send(body('unsupported_media_type', msg('error.unsupported_media_type')));
    }
    if (err.statusCode === 400 && (err.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError)) {
      return reply.status(400).send(body('invalid_json', msg('error.invalid_json')));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body('bad_request', msg('error.bad_request')));
    }
    log.error('request failed', { reqId: req.id, method: req.method, url: req.url, err });
    return reply
      .status(500)
      .send(body('internal_error', msg('error.internal', { requestId: String(req.id) })));
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(body('not_found', msg('error.route_not_found', { method: req.method, path: req.url.split('?')[0] })));
  });
}
