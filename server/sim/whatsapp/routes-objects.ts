/**
 * Single-object Graph routes: `GET /{version}/{id}` answers for a phone number (number info with
 * quality, messaging-limit tier and throughput), a media id (download URL) or a template id;
 * `DELETE /{version}/{media-id}` deletes media; `GET /media-download/{id}` serves the bytes.
 */
import type { FastifyInstance } from 'fastify';
import { tierLabel } from './config.js';
import type { SimContext } from './context.js';
import { checkVersion, requireToken, unknownObject } from './http.js';
import { presentTemplate } from './template-lifecycle.js';

type P = { Params: { ver: string; id: string } };

/** Registers GET/DELETE on single objects and the media download route. */
export function registerObjectRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get<P>('/:ver/:id', async (req) => {
    requireToken(ctx, req);
    checkVersion(req.params.ver);
    const id = req.params.id;
    const number = ctx.number(id);
    if (number) {
      const cfg = ctx.config;
      const tier = tierLabel(cfg.limits.tier);
      return {
        id: number.phoneNumberId,
        display_phone_number: number.displayPhoneNumber,
        verified_name: number.verifiedName ?? 'Clarion Sandbox',
        quality_rating: ctx.state.numberQuality.get(id) ?? 'GREEN',
        messaging_limit_tier: tier,
        whatsapp_business_manager_messaging_limit: tier,
        throughput: { level: cfg.limits.mps >= 1000 ? 'HIGH' : 'STANDARD' },
        sim_throughput_mps: cfg.limits.mps,
        code_verification_status: 'VERIFIED',
        name_status: 'APPROVED',
        platform_type: 'CLOUD_API',
        status: cfg.accountHaltCode !== null ? 'RESTRICTED' : 'CONNECTED',
        account_mode: 'SANDBOX',
      };
    }
    const media = ctx.state.media.get(id);
    if (media) {
      return {
        messaging_product: 'whatsapp',
        url: `http://${req.headers.host}/media-download/${media.id}`,
        mime_type: media.mimeType,
        sha256: media.sha256,
        file_size: String(media.bytes.length),
        id: media.id,
      };
    }
    const tpl = ctx.state.templates.get(id);
    if (tpl && tpl.status !== 'DELETED') return presentTemplate(tpl);
    throw unknownObject(id, 'get');
  });

  app.delete<P>('/:ver/:id', async (req) => {
    requireToken(ctx, req);
    checkVersion(req.params.ver);
    if (!ctx.state.media.delete(req.params.id)) throw unknownObject(req.params.id, 'delete');
    return { success: true };
  });

  app.get<{ Params: { id: string } }>('/media-download/:id', async (req, reply) => {
    requireToken(ctx, req);
    const media = ctx.state.media.get(req.params.id);
    if (!media) return reply.code(404).send({ error: { message: 'Media not found', type: 'OAuthException', code: 100 } });
    reply.header('content-type', media.mimeType);
    if (media.filename) reply.header('content-disposition', `attachment; filename="${media.filename.replace(/"/g, '')}"`);
    return reply.send(media.bytes);
  });
}
