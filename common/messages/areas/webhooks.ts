/** Messages of server/domains/webhooks (outbound webhooks, issue 14 §1). */
import { defineMessages } from '../catalog.js';

export const webhookMessages = defineMessages({
  'webhooks.unknown_event_type': { en: '"{type}" is not a known event type.', he: '"{type}" אינו סוג אירוע מוכר.' },
  'webhooks.disabled': { en: 'The endpoint is disabled; enable it first.', he: 'נקודת הקצה מושבתת; יש להפעיל אותה קודם.' },
  'webhooks.disabled_gone': { en: 'The endpoint answered 410 Gone, so it was disabled.', he: 'נקודת הקצה השיבה ‎410 Gone ולכן הושבתה.' },
  'webhooks.disabled_failing': {
    en: 'Deliveries to {url} failed for {days} days, so the endpoint was disabled. Fix the receiver, enable it again and resend the failed deliveries.',
    he: 'המשלוחים אל {url} נכשלו במשך {days} ימים ולכן נקודת הקצה הושבתה. יש לתקן את המקבל, להפעיל אותה מחדש ולשלוח שוב את המשלוחים שנכשלו.',
  },
  'webhooks.alert_disabled_title': { en: 'Webhook endpoint disabled', he: 'נקודת קצה של Webhook הושבתה' },
});
