/** TypeBox pieces every route schema uses: the error body, id params, pagination. */
import { Type, type TSchema } from '@sinclair/typebox';

/** Parameters of a coded message (docs/i18n.md); a value may itself be a coded message `{ code, params }`. */
export const MessageParams = Type.Record(Type.String(), Type.Unknown(), { description: 'Parameters of the coded message (docs/i18n.md).' });

/** `reason` (English) + `reasonCode` + `reasonParams`: a coded reason in a response (see reasonFields()). */
export const ReasonFields = {
  reason: Type.String(),
  reasonCode: Type.Optional(Type.String({ description: 'Stable code of the reason (docs/i18n.md).' })),
  reasonParams: Type.Optional(MessageParams),
};

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Type.Optional(Type.String()),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      messageCode: Type.Optional(Type.String({ description: 'Stable code of the message (docs/i18n.md); the web app shows it in the user\'s language.' })),
      params: Type.Optional(MessageParams),
    }),
  },
  { $id: 'ErrorBody' },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** `{ data: T }` — the success envelope. */
export const Data = <T extends TSchema>(t: T) => Type.Object({ data: t });

/** `{ data: T[], meta: { nextCursor, total? } }` — a page of a list. */
export const Page = <T extends TSchema>(t: T) =>
  Type.Object({
    data: Type.Array(t),
    meta: Type.Object({ nextCursor: Type.Union([Type.String(), Type.Null()]), total: Type.Optional(Type.Integer()) }),
  });

/** Standard error responses added to every route's schema. */
export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  409: Type.Ref('ErrorBody'),
  429: Type.Ref('ErrorBody'),
};
