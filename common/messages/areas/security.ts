/** Messages of the outbound-request policy (server/lib/outbound) and the HTTP edge's hardening (docs/security.md). */
import { defineMessages } from '../catalog.js';

export const securityMessages = defineMessages({
  'outbound.refused_address': {
    en: 'Clarion does not connect to {host}: it is {reason, select, loopback {a loopback address (this server itself)} private {a private network address} link_local {a link-local address (such as the cloud metadata service)} multicast {a multicast address} unspecified {an unspecified address} other {a reserved address}}. An operator can allow it with CLARION_OUTBOUND_ALLOW.',
    he: 'Clarion אינו מתחבר אל {host}: {reason, select, loopback {זו כתובת לולאה חוזרת (השרת עצמו)} private {זו כתובת של רשת פרטית} link_local {זו כתובת link-local (כמו שירות המטא-דאטה של הענן)} multicast {זו כתובת multicast} unspecified {זו כתובת לא מוגדרת} other {זו כתובת שמורה}}. מנהל המערכת יכול להתיר אותה ב-CLARION_OUTBOUND_ALLOW.',
  },
  'outbound.no_host': { en: 'The address has no host name.', he: 'בכתובת אין שם שרת.' },
  'outbound.invalid_url': { en: 'The address is not a valid URL.', he: 'הכתובת אינה כתובת URL תקינה.' },
  'outbound.scheme': { en: 'The address must start with {schemes}.', he: 'הכתובת חייבת להתחיל ב-{schemes}.' },
  'outbound.unresolvable': { en: 'The host name {host} could not be resolved.', he: 'לא ניתן לאתר את שם השרת {host}.' },
  'outbound.timeout': { en: 'The address did not answer in time.', he: 'הכתובת לא ענתה בזמן.' },
  'outbound.too_large': { en: 'The answer is larger than {bytes, number} bytes.', he: 'התשובה גדולה מ-{bytes, number} בתים.' },
  'outbound.network': { en: 'Could not connect to the address ({detail}).', he: 'לא ניתן להתחבר לכתובת ({detail}).' },
  'outbound.redirect_limit': { en: 'The address redirected more than {hops, number} times.', he: 'הכתובת הפנתה הלאה יותר מ-{hops, number} פעמים.' },
  'validation.nul_byte': {
    en: '"{field}" contains a NUL character (\\0), which Clarion cannot store; remove it.',
    he: '"{field}" מכיל תו NUL (\\0), ש-Clarion אינו יכול לשמור; יש להסיר אותו.',
  },
});
