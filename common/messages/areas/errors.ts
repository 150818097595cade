/** Messages of the HTTP edge and of the generic error factories (server/lib/errors.ts, server/api/errors.ts). */
import { defineMessages } from '../catalog.js';

/** Nouns `notFound('<Noun>')` may name: the key is the noun in snake_case (see server/lib/errors.ts). */
const NOUNS_EN =
  'campaign {Campaign} contact {Contact} segment {Segment} whatsapp_number {WhatsApp number} template {Template} group {Group} ' +
  'smtp_server {SMTP server} import {Import} field {Field} workspace {Workspace} sender_identity {Sender identity} member {Member} ' +
  'conversation {Conversation} auto_reply_rule {Auto-reply rule} webhook {Webhook} template_version {Template version} ' +
  'suppression {Suppression} sending_domain {Sending domain} image {Image} export {Export} deleted_segment {Deleted segment} ' +
  'deleted_group {Deleted group} deleted_contact {Deleted contact} deleted_template {Deleted template} deleted_campaign {Deleted campaign} ' +
  'conflict {Conflict} blocked_domain {Blocked domain} alert {Alert} api_key {API key} invitation {Invitation} form {Form} ' +
  'page {Page} journey {Journey} message {Message} file {File} session {Session} user {User} form_in_the_recycle_bin {Form in the recycle bin} page_version {Page version} custom_domain {Custom domain} other {Item}';
const NOUNS_HE =
  'campaign {הקמפיין} contact {איש הקשר} segment {הפלח} whatsapp_number {מספר הוואטסאפ} template {התבנית} group {הקבוצה} ' +
  'smtp_server {שרת ה-SMTP} import {הייבוא} field {השדה} workspace {סביבת העבודה} sender_identity {זהות השולח} member {המשתמש} ' +
  'conversation {השיחה} auto_reply_rule {כלל המענה האוטומטי} webhook {ה-Webhook} template_version {גרסת התבנית} ' +
  'suppression {החסימה} sending_domain {דומיין השליחה} image {התמונה} export {הייצוא} deleted_segment {הפלח שנמחק} ' +
  'deleted_group {הקבוצה שנמחקה} deleted_contact {איש הקשר שנמחק} deleted_template {התבנית שנמחקה} deleted_campaign {הקמפיין שנמחק} ' +
  'conflict {ההתנגשות} blocked_domain {הדומיין החסום} alert {ההתראה} api_key {מפתח ה-API} invitation {ההזמנה} form {הטופס} ' +
  'page {הדף} journey {המסע} message {ההודעה} file {הקובץ} session {החיבור} user {המשתמש} form_in_the_recycle_bin {הטופס בסל המחזור} page_version {גרסת הדף} custom_domain {הדומיין המותאם} other {הפריט}';

export const errorMessages = defineMessages({
  'error.not_found': { en: `{what, select, ${NOUNS_EN}} not found.`, he: `{what, select, ${NOUNS_HE}} לא נמצא.` },
  'error.route_not_found': { en: 'No route {method} {path}.', he: 'אין נתיב {method} {path}.' },
  'error.unauthorized': { en: 'Authentication required.', he: 'נדרשת התחברות.' },
  'error.forbidden': { en: 'Your role does not allow this action.', he: 'התפקיד שלך אינו מאפשר פעולה זו.' },
  'error.rate_limited': { en: 'Too many requests; slow down.', he: 'יותר מדי בקשות; נא להאט.' },
  'error.payload_too_large': { en: 'The request body is too large.', he: 'גוף הבקשה גדול מדי.' },
  'error.unsupported_media_type': { en: 'Send JSON (Content-Type: application/json).', he: 'יש לשלוח JSON ‏(Content-Type: application/json).' },
  'error.invalid_json': { en: 'The request body is not valid JSON.', he: 'גוף הבקשה אינו JSON תקין.' },
  'error.bad_request': { en: 'The request could not be processed.', he: 'לא ניתן היה לעבד את הבקשה.' },
  'error.internal': {
    en: 'Something went wrong on our side (request {requestId}). It has been logged.',
    he: 'משהו השתבש אצלנו (בקשה {requestId}). התקלה נרשמה.',
  },
  'error.network': { en: 'The server cannot be reached.', he: 'לא ניתן להתחבר לשרת.' },

  // Request validation (TypeBox schemas checked by Fastify): `field` is the field's path in the request.
  'validation.required': { en: '{field} is required.', he: 'השדה {field} הוא חובה.' },
  'validation.unknown_field': { en: '{field} is not a known field.', he: '{field} אינו שדה מוכר.' },
  'validation.type': {
    en: '{field} must be {type, select, string {text} integer {a whole number} number {a number} boolean {true or false} array {a list} object {an object} null {empty} other {of type {type}}}.',
    he: '{field} חייב להיות {type, select, string {טקסט} integer {מספר שלם} number {מספר} boolean {אמת או שקר} array {רשימה} object {אובייקט} null {ריק} other {מסוג {type}}}.',
  },
  'validation.format': {
    en: '{field} must be {format, select, email {an email address} date-time {a date and time (ISO 8601)} date {a date (YYYY-MM-DD)} uri {a web address} uuid {a UUID} other {in {format} format}}.',
    he: '{field} חייב להיות {format, select, email {כתובת דוא״ל} date-time {תאריך ושעה (ISO 8601)} date {תאריך (YYYY-MM-DD)} uri {כתובת אינטרנט} uuid {מזהה UUID} other {בפורמט {format}}}.',
  },
  'validation.min_length': {
    en: '{field} must be at least {limit, plural, one {# character} other {# characters}} long.',
    he: '{field} חייב להכיל לפחות {limit, plural, one {תו אחד} other {# תווים}}.',
  },
  'validation.max_length': {
    en: '{field} must be at most {limit, plural, one {# character} other {# characters}} long.',
    he: '{field} יכול להכיל לכל היותר {limit, plural, one {תו אחד} other {# תווים}}.',
  },
  'validation.minimum': { en: '{field} must be at least {limit, number}.', he: '{field} חייב להיות לפחות {limit, number}.' },
  'validation.maximum': { en: '{field} must be at most {limit, number}.', he: '{field} יכול להיות לכל היותר {limit, number}.' },
  'validation.min_items': {
    en: '{field} needs at least {limit, plural, one {# item} other {# items}}.',
    he: '{field} צריך לפחות {limit, plural, one {פריט אחד} other {# פריטים}}.',
  },
  'validation.max_items': {
    en: '{field} takes at most {limit, plural, one {# item} other {# items}}.',
    he: '{field} מקבל לכל היותר {limit, plural, one {פריט אחד} other {# פריטים}}.',
  },
  'validation.enum': { en: '{field} must be one of: {allowed}.', he: '{field} חייב להיות אחד מאלה: {allowed}.' },
  'validation.pattern': { en: '{field} is not in the expected form.', he: '{field} אינו בצורה הנדרשת.' },
  'validation.invalid': { en: '{field} is invalid.', he: '{field} אינו תקין.' },
});
