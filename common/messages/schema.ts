/**
 * The JSON schema of a coded message inside a response body (a finding, a reason): `code` + `params` + the
 * English `message` (docs/i18n.md). Response schemas must use it (or spread its members): Fastify's serializer
 * drops members a schema does not name, and a finding without its `params` cannot be rendered in Hebrew.
 */
import { Type } from '@sinclair/typebox';

export const MessageParamsSchema = Type.Record(Type.String(), Type.Unknown()); // values: string, number, boolean, null or a nested coded message

export const CodedMessageMembers = {
  code: Type.String(),
  params: Type.Optional(MessageParamsSchema),
  message: Type.String(),
};

export const CodedMessageSchema = Type.Object(CodedMessageMembers);
