/**
 * POST /api/v1/phone-numbers/validate (issue 14 §3): up to 500 numbers, an optional default country. For each:
 * e164, valid, possible, type, country, national format, and what Clarion knows of WhatsApp reachability — a
 * number a WhatsApp send failed for with 131026 is `unreachable`; otherwise `unknown` (there is no official
 * "exists on WhatsApp" call and Clarion does not pretend to have one).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import parsePhoneNumber, { type CountryCode } from 'libphonenumber-js/max';
import type { AppContext } from '../../app/context.js';
import { principalOf } from '../../api/auth-hook.js';
import { Data, errorResponses } from '../../api/common-schemas.js';

const Body = Type.Object({
  numbers: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 500 }),
  defaultCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
}, { additionalProperties: false });
const Result = Type.Object({
  input: Type.String(), e164: Type.Union([Type.String(), Type.Null()]), valid: Type.Boolean(), possible: Type.Boolean(),
  type: Type.Union([Type.String(), Type.Null()]), country: Type.Union([Type.String(), Type.Null()]), national: Type.Union([Type.String(), Type.Null()]),
  whatsapp: Type.Union([Type.Literal('unreachable'), Type.Literal('unknown')]),
});

export function validateNumber(input: string, country?: string) {
  let p: ReturnType<typeof parsePhoneNumber> | undefined;
  try {
    p = parsePhoneNumber(input, { defaultCountry: country as CountryCode | undefined });
  } catch {
    p = undefined;
  }
  if (!p) return { input, e164: null, valid: false, possible: false, type: null, country: null, national: null };
  const type = p.getType();
  return { input, e164: p.number, valid: p.isValid(), possible: p.isPossible(), type: type ? type.toLowerCase() : null, country: p.country ?? null, national: p.formatNational() };
}

export async function registerPhoneNumberRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/phone-numbers/validate', {
    config: { access: 'read' },
    schema: { tags: ['phone-numbers'], summary: 'Validate up to 500 phone numbers', body: Body, response: { 200: Data(Type.Array(Result)), ...errorResponses } },
    handler: async (req) => {
      const ws = principalOf(req).workspaceId;
      const body = req.body as Static<typeof Body>;
      const rows = body.numbers.map((n) => validateNumber(n, body.defaultCountry));
      const e164s = [...new Set(rows.map((r) => r.e164).filter((x): x is string => !!x))];
      const unreachable = new Set<string>();
      if (e164s.length) {
        const found = await ctx.db.selectFrom('deliveries').select('address').distinct()
          .where('workspace_id', '=', ws).where('channel', '=', 'whatsapp').where('error_code', '=', '131026')
          .where('address', 'in', [...e164s, ...e164s.map((e) => e.slice(1))]).execute();
        for (const f of found) if (f.address) unreachable.add(f.address.startsWith('+') ? f.address : `+${f.address}`);
      }
      return { data: rows.map((r) => ({ ...r, whatsapp: r.e164 && unreachable.has(r.e164) ? ('unreachable' as const) : ('unknown' as const) })) };
    },
  });
}
