/**
 * The list of domain route modules. Each registers its routes with their schemas and `config.access`
 * (the permission it needs); the auth hook enforces it. Add a domain here and nowhere else.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { registerAuthRoutes } from '../domains/auth/auth.routes.js';
import { registerSegmentRoutes } from '../domains/segments/segments.routes.js';
import { registerGroupRoutes } from '../domains/groups/groups.routes.js';
import { registerContactQueryRoutes } from '../domains/contacts/contacts-query.routes.js';
import { registerContactRoutes } from '../domains/contacts/index.js';
import { registerFieldRoutes } from '../domains/fields/index.js';
import { registerBlockedDomainRoutes, registerSuppressionRoutes } from '../domains/suppressions/index.js';
import { registerBinRoutes } from '../domains/bin/index.js';
import { registerImportRoutes } from '../domains/imports/imports.routes.js';
import { registerExportRoutes } from '../domains/exports/exports.routes.js';
import { registerWhatsappRoutes } from '../domains/whatsapp/index.js';
import { registerWhatsappCampaignRoutes } from '../domains/whatsapp-campaigns/index.js';
import { registerCampaignRoutes } from '../domains/campaigns/campaigns.routes.js';
import { registerSendingRoutes } from '../domains/sending/index.js';
import { registerTemplateRoutes } from '../domains/templates/templates.routes.js';
import { registerTrackingRoutes } from '../domains/tracking/index.js';
import { registerBounceWebhookRoutes } from '../domains/bounces/index.js';
import { registerReportRoutes } from '../domains/reports/index.js';
import { registerSystemMailRoutes } from '../domains/system-mail/index.js';
import { registerFormPublicRoutes, registerFormRoutes } from '../domains/forms/index.js';
import { registerPageRoutes, registerPageServing } from '../domains/pages/index.js';
import { registerCustomDomainRoutes } from '../domains/custom-domains/index.js';
import { registerMessageRoutes } from '../domains/messages/index.js';
import { registerWebhookEndpointRoutes } from '../domains/webhooks/index.js';
import { registerPhoneNumberRoutes } from '../domains/phone-numbers/phone-numbers.routes.js';

export type RouteModule = (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;

// One entry per line, so modules added on parallel branches merge without conflict.
export const routeModules: RouteModule[] = [
  registerAuthRoutes,
  registerSegmentRoutes,
  registerGroupRoutes,
  registerContactQueryRoutes,
  registerContactRoutes,
  registerFieldRoutes,
  registerSuppressionRoutes,
  registerBlockedDomainRoutes,
  registerBinRoutes,
  registerImportRoutes,
  registerExportRoutes,
  registerWhatsappRoutes,
  registerCampaignRoutes,
  registerSendingRoutes,
  registerTemplateRoutes,
  registerTrackingRoutes,
  registerBounceWebhookRoutes,
  registerReportRoutes,
  registerWhatsappCampaignRoutes,
  registerSystemMailRoutes,
  registerMessageRoutes,
  registerFormRoutes,
  registerFormPublicRoutes,
  registerPageRoutes,
  registerPageServing,
  registerCustomDomainRoutes,
  registerWebhookEndpointRoutes,
  registerPhoneNumberRoutes,
];
