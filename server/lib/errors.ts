/**
 * The one error type the HTTP edge understands. Domain code throws these through the factories below;
 * anything else that reaches the edge is an internal error and is logged in full but never shown.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, field?: string, details?: Record<string, unknown>) =>
  new AppError(400, 'invalid_request', message, field, details);
export const validationFailed = (field: string, message: string) => new AppError(400, 'validation_failed', message, field);
export const unauthorized = (message = 'Authentication required.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role does not allow this action.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, field?: string, details?: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, field, details);
export const tooLarge = (message = 'Request body is too large.') => new AppError(413, 'payload_too_large', message);
export const tooMany = (message = 'Too many requests; slow down.') => new AppError(429, 'rate_limited', message);

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
