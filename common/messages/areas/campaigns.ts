/** Campaign life-cycle messages (server/domains/campaigns): edits, sends, schedules, pauses. */
import { defineMessages } from '../catalog.js';

const STATUS_EN = '{status, select, draft {a draft} scheduled {scheduled} building {being prepared} sending {sending} paused {paused} done {sent} cancelled {cancelled} failed {failed} other {{status}}}';
const STATUS_HE = '{status, select, draft {טיוטה} scheduled {מתוזמן} building {בהכנה} sending {בשליחה} paused {מושהה} done {נשלח} cancelled {בוטל} failed {נכשל} other {{status}}}';

export const campaignMessages = defineMessages({
  'campaigns.template_missing': { en: 'The template does not exist.', he: 'התבנית אינה קיימת.' },
  'campaigns.channel_unavailable': {
    en: 'The {channel, select, email {email} whatsapp {WhatsApp} sms {SMS} other {{channel}}} channel is not available.',
    he: 'ערוץ {channel, select, email {הדוא״ל} whatsapp {WhatsApp} sms {SMS} other {{channel}}} אינו זמין.',
  },
  'campaigns.sent_not_editable': { en: 'A campaign that was sent cannot be edited; copy it instead.', he: 'אי אפשר לערוך קמפיין שנשלח; אפשר ליצור ממנו עותק.' },
  'campaigns.stop_before_delete': { en: 'Pause or cancel the campaign before deleting it.', he: 'יש להשהות או לבטל את הקמפיין לפני מחיקתו.' },
  'campaigns.not_sendable': {
    en: `The campaign is ${STATUS_EN}; only a draft or scheduled campaign can be sent.`,
    he: `הקמפיין במצב ${STATUS_HE}; אפשר לשלוח רק טיוטה או קמפיין מתוזמן.`,
  },
  'campaigns.changed_meanwhile': { en: 'The campaign changed meanwhile; reload it.', he: 'הקמפיין השתנה בינתיים; יש לטעון אותו מחדש.' },
  'campaigns.time_zone_unknown': { en: 'Unknown time zone "{timezone}".', he: 'אזור הזמן "{timezone}" אינו מוכר.' },
  'campaigns.time_format': {
    en: 'Give the time as YYYY-MM-DDTHH:mm (local to the time zone) or an ISO instant.',
    he: 'יש לציין את השעה בתבנית YYYY-MM-DDTHH:mm (לפי אזור הזמן) או כרגע בתקן ISO.',
  },
  'campaigns.time_past': { en: 'That time is in the past.', he: 'המועד הזה כבר עבר.' },
  'campaigns.not_schedulable': { en: `The campaign is ${STATUS_EN}; only a draft can be scheduled.`, he: `הקמפיין במצב ${STATUS_HE}; אפשר לתזמן רק טיוטה.` },
  'campaigns.transition_refused': {
    en: `The campaign is ${STATUS_EN}; it cannot be {action, select, paused {paused} resumed {resumed} cancelled {cancelled} other {{action}}}.`,
    he: `הקמפיין במצב ${STATUS_HE}; אי אפשר {action, select, paused {להשהות אותו} resumed {לחדש אותו} cancelled {לבטל אותו} other {{action}}}.`,
  },
  'campaigns.not_sent_yet': { en: 'The campaign has not been sent yet.', he: 'הקמפיין עדיין לא נשלח.' },
});
