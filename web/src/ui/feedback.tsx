/** Shared bits for showing API errors and results consistently. */
import { Alert } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/client.js';
import { renderCoded } from '../app/i18n/i18n.js';
import { Icon } from './icons.js';

/** The message of an error for display, in the user's language when the server sent a coded message. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.messageCode ? renderCoded({ code: err.messageCode, params: err.params, message: err.message }) : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The error's message when it names `field` (for a form input's `error` prop), else undefined. */
export function fieldError(err: unknown, field: string): string | undefined {
  return err instanceof ApiError && err.field === field ? errorMessage(err) : undefined;
}

/** An inline alert for an API error; renders nothing without one. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title} icon={<Icon name="alert" />}>
      {errorMessage(error)}
    </Alert>
  );
}

/** A short success toast. */
export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message, autoClose: 3000 });
}

/** A toast for a failed action. */
export function notifyError(err: unknown) {
  notifications.show({ color: 'red', message: errorMessage(err), autoClose: 6000 });
}
