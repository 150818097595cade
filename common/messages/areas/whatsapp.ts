/** Messages of server/domains/whatsapp and server/domains/whatsapp-campaigns (webhook effects). */
import { defineMessages } from '../catalog.js';

export const whatsappMessages = defineMessages({
  'whatsapp.campaign_paused_recategorised': {
    en: 'Meta re-categorised the template "{template}" from {from} to MARKETING. {count, plural, one {# recipient has} other {# recipients have}} not opted in to WhatsApp marketing; the campaign is paused. Resume it to send only to opted-in contacts (the others are skipped as "no consent").',
    he: 'מטא שינתה את סיווג התבנית "{template}" מ-{from} ל-MARKETING. {count, plural, one {נמען # לא נתן} other {# נמענים לא נתנו}} הסכמה לשיווק בוואטסאפ; הקמפיין הושהה. המשך אותו כדי לשלוח רק לאנשי קשר שנתנו הסכמה (האחרים ידולגו כ"ללא הסכמה").',
  },
  'whatsapp.campaign_resumed_reinstated': {
    en: 'Meta reinstated the WhatsApp number; the campaign paused by the halt resumed.',
    he: 'מטא החזירה את מספר הוואטסאפ לפעילות; הקמפיין שהושהה בגלל העצירה חודש.',
  },
});
