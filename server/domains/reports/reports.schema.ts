/** TypeBox schemas of the report API (they are the response contract: undeclared fields are dropped). */
import { Type } from '@sinclair/typebox';
import { STEPS } from './report-contacts.js';

const Int = Type.Integer();
const Iso = Type.String({ format: 'date-time' });
const IsoOrNull = Type.Union([Iso, Type.Null()]);
const Str = Type.String();
const StrOrNull = Type.Union([Type.String(), Type.Null()]);

export const Step = Type.Union(STEPS.map((s) => Type.Literal(s)), { description: 'A funnel step.' });

export const CampaignHeadView = Type.Object({
  id: Int, channel: Str, name: Str, status: Str, kind: Str, audienceTotal: Int, skippedTotal: Int, createdAt: Iso, startedAt: IsoOrNull, finishedAt: IsoOrNull,
});

export const Funnel = Type.Object({
  audience: Int,
  skipped: Int,
  skippedByReason: Type.Record(Type.String(), Int),
  sent: Int,
  failed: Int,
  unknown: Type.Integer({ description: 'Messages whose hand-over was interrupted; they may have arrived and are not resent.' }),
  pending: Type.Integer({ description: 'Still queued or being retried.' }),
  delivered: Type.Integer({ description: 'Sent and not bounced.' }),
  opened: Type.Object({
    unique: Type.Integer({ description: 'Recipients with a human open or click (machine opens excluded).' }),
    total: Type.Integer({ description: 'Human opens, including anonymous ones.' }),
    machine: Type.Object({ total: Int, unique: Int }, { description: 'Privacy-proxy prefetches and bots, kept apart.' }),
    anonymous: Type.Integer({ description: 'Human opens recorded without the recipient (tracking privacy switch).' }),
  }),
  clicked: Type.Object({
    unique: Int,
    total: Int,
    scanner: Type.Object({ total: Int, unique: Int }, { description: 'Security-scanner clicks, kept apart.' }),
    anonymous: Int,
  }),
  unsubscribed: Int,
  bounced: Type.Object({ hard: Int, soft: Int, total: Int }),
  complained: Int,
  rates: Type.Object(
    { open: Type.Number(), click: Type.Number(), clickToOpen: Type.Number(), bounce: Type.Number(), unsubscribe: Type.Number(), complaint: Type.Number() },
    { description: 'Fractions (0..1): open, click, unsubscribe and complaint of delivered; bounce of delivered + bounced; click-to-open of opened.' },
  ),
});

export const TimelinePoint = Type.Object({ at: Iso, opens: Int, clicks: Int, machineOpens: Int, scannerClicks: Int });
export const LinkRow = Type.Object({
  index: Int, url: Str,
  total: Type.Integer({ description: 'Human clicks.' }), unique: Type.Integer({ description: 'Recipients who clicked (human).' }),
  scanner: Int, allClicks: Type.Integer({ description: 'Every click including scanners and anonymous ones.' }),
});
export const DomainRow = Type.Object({ domain: Str, sent: Int, delivered: Int, opened: Int, clicked: Int, bounced: Int });

export const CampaignReport = Type.Object({
  campaign: CampaignHeadView,
  individualTracking: Type.Boolean(),
  funnel: Funnel,
  timeline: Type.Array(TimelinePoint),
  links: Type.Array(LinkRow),
  domains: Type.Array(DomainRow),
});

export const Recipient = Type.Object({
  deliveryId: Int, contactId: Int, email: StrOrNull, firstName: StrOrNull, lastName: StrOrNull, status: Str, reason: StrOrNull, bounceClass: StrOrNull, at: IsoOrNull,
});

export const StepQuery = Type.Object({
  step: Step,
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  withTotal: Type.Optional(Type.Boolean()),
});

export const SaveAsGroupBody = Type.Object({
  step: Step,
  groupName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Alias of groupName.' })),
});
export const SaveAsGroupResult = Type.Object({ groupId: Int, added: Int });

export const MessageEvent = Type.Object({ type: Str, at: Iso, bot: Type.Union([Type.Boolean(), Type.Null()]), detail: Type.Record(Type.String(), Type.Unknown()) });
export const ContactMessage = Type.Object({
  deliveryId: Int, campaignId: Int, campaignName: Str, channel: Str, status: Str, reason: StrOrNull, address: StrOrNull,
  sentAt: IsoOrNull, deliveredAt: IsoOrNull, openedAt: IsoOrNull, clickedAt: IsoOrNull, bouncedAt: IsoOrNull, bounceClass: StrOrNull,
  complainedAt: IsoOrNull, unsubscribedAt: IsoOrNull, events: Type.Array(MessageEvent),
});

const Totals = Type.Object({ campaigns: Int, sent: Int, delivered: Int, opened: Int, clicked: Int, bounced: Int, unsubscribed: Int, complained: Int });
export const RecentCampaign = Type.Object({
  id: Int, name: Str, channel: Str, status: Str, startedAt: IsoOrNull, finishedAt: IsoOrNull, audience: Int, sent: Int, delivered: Int,
  opened: Int, clicked: Int, bounced: Int, unsubscribed: Int, complained: Int, openRate: Type.Number(), clickRate: Type.Number(),
});
export const Dashboard = Type.Object({ days: Int, totals: Totals, recent: Type.Array(RecentCampaign) });
