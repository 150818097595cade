/**
 * Cloud API error codes → what the campaign engine does and what the report tells a person (reference §2.3).
 * One table drives both: the retry class/action the sender and the failure hook apply, and the plain-language
 * explanation in English and Hebrew shown next to "failed by error code".
 *
 * Actions:
 *  - throttle: retry the recipient later with backoff (rate limits, transient server trouble);
 *  - unreachable: recipient-terminal, the number is suppressed for WhatsApp (131026);
 *  - opt_out: recipient-terminal, the contact is opted out of WhatsApp marketing (131050);
 *  - experiment: not sent on purpose by Meta — recorded as skipped (130472);
 *  - user_limit: Meta's per-user marketing cap — that recipient waits ≥ 24 h, once (131049);
 *  - recipient: recipient-terminal without further action (131021…);
 *  - template: template-terminal — the campaign pauses with the explanation;
 *  - halt: account-halt — the number stops, every WhatsApp campaign on it pauses, the workspace is alerted;
 *  - permanent: this message cannot be sent as built (bad parameter…), no retry.
 */

export type WaErrorAction = 'throttle' | 'unreachable' | 'opt_out' | 'experiment' | 'user_limit' | 'recipient' | 'template' | 'halt' | 'permanent';

export interface WaErrorInfo {
  code: number;
  action: WaErrorAction;
  /** Seconds to wait before the next try (throttle / user_limit). */
  retryAfterSec?: number;
  en: string;
  he: string;
}

const T: [number, WaErrorAction, string, string, number?][] = [
  [0, 'halt', 'The access token was rejected. Update the token of this number.', 'אסימון הגישה נדחה. יש לעדכן את האסימון של המספר.'],
  [1, 'throttle', 'Meta answered with an unknown error; the message is retried a limited number of times.', 'מטא החזירה שגיאה לא ידועה; ההודעה תישלח שוב מספר מוגבל של פעמים.', 60],
  [2, 'throttle', 'The WhatsApp service was temporarily unavailable; retried later.', 'שירות וואטסאפ לא היה זמין זמנית; ינוסה שוב מאוחר יותר.', 30],
  [3, 'halt', 'The app lacks the capability or permission to send; check the app set-up in Meta.', 'לאפליקציה אין הרשאה לשלוח; יש לבדוק את הגדרות האפליקציה במטא.'],
  [4, 'throttle', 'Too many API calls for the app; sending slows down and retries.', 'יותר מדי קריאות API לאפליקציה; השליחה מואטת ותנסה שוב.', 120],
  [10, 'halt', 'A permission is missing for this number or account.', 'חסרה הרשאה למספר או לחשבון.'],
  [100, 'permanent', 'Meta refused a parameter of the message (invalid or unsupported value).', 'מטא דחתה פרמטר בהודעה (ערך לא תקין או לא נתמך).'],
  [190, 'halt', 'The access token has expired. Create a new token and update the number.', 'תוקף אסימון הגישה פג. יש ליצור אסימון חדש ולעדכן את המספר.'],
  [368, 'halt', 'The WhatsApp account is temporarily blocked for policy violations.', 'חשבון הוואטסאפ נחסם זמנית בגלל הפרת מדיניות.'],
  [80007, 'throttle', 'The WhatsApp Business Account hit Meta\'s API rate limit; retried later.', 'חשבון הוואטסאפ העסקי הגיע למגבלת הקריאות של מטא; ינוסה שוב מאוחר יותר.', 60],
  [130429, 'throttle', 'The number sent faster than its messages-per-second limit; retried within seconds.', 'המספר שלח מהר יותר ממגבלת ההודעות לשנייה; ינוסה שוב בתוך שניות.', 1],
  [130472, 'experiment', 'Meta held this message back: the recipient is part of a marketing experiment. Not sent, not charged.', 'מטא עיכבה את ההודעה: הנמען משתתף בניסוי שיווקי. לא נשלחה ולא חויבה.'],
  [131000, 'throttle', 'Something went wrong at Meta; retried a limited number of times.', 'משהו השתבש אצל מטא; ינוסה שוב מספר מוגבל של פעמים.', 60],
  [131005, 'halt', 'Access denied: the token lacks permission for this number.', 'הגישה נדחתה: לאסימון אין הרשאה למספר הזה.'],
  [131008, 'permanent', 'A required parameter is missing from the message.', 'חסר פרמטר חובה בהודעה.'],
  [131009, 'permanent', 'A parameter value is not valid (for example a phone number not usable with this account).', 'ערך של פרמטר אינו תקין (למשל מספר טלפון שאינו שמיש בחשבון הזה).'],
  [131016, 'throttle', 'The service was temporarily unavailable; retried later.', 'השירות לא היה זמין זמנית; ינוסה שוב מאוחר יותר.', 30],
  [131021, 'recipient', 'The recipient is the business number itself.', 'הנמען הוא מספר העסק עצמו.'],
  [131026, 'unreachable', 'The message could not be delivered: the number is not on WhatsApp, uses an old app, or blocked the business. It is marked unreachable.', 'ההודעה לא נמסרה: המספר אינו בוואטסאפ, משתמש בגרסה ישנה, או חסם את העסק. המספר סומן כלא נגיש.'],
  [131031, 'halt', 'The WhatsApp Business Account has been locked.', 'חשבון הוואטסאפ העסקי ננעל.'],
  [131042, 'halt', 'There is a payment problem on the WhatsApp Business Account (billing not set up or credit line).', 'קיימת בעיית תשלום בחשבון הוואטסאפ העסקי (חיוב לא הוגדר או מסגרת אשראי).'],
  [131045, 'permanent', 'The number\'s registration certificate is wrong; register the number again.', 'תעודת הרישום של המספר שגויה; יש לרשום את המספר מחדש.'],
  [131047, 'template', 'More than 24 hours passed since the recipient last wrote; only templates may be sent.', 'עברו יותר מ-24 שעות מאז שהנמען כתב; ניתן לשלוח רק תבניות.'],
  [131048, 'halt', 'The number is restricted because too many recipients blocked or reported it. Sending stops; lower the volume.', 'המספר הוגבל כי יותר מדי נמענים חסמו או דיווחו עליו. השליחה נעצרה; יש להפחית נפח.'],
  [131049, 'user_limit', 'Meta did not deliver this marketing message to keep the recipient\'s experience healthy (per-user marketing limit). Retried once after 24 hours.', 'מטא לא מסרה הודעת שיווק זו כדי לשמור על חוויית הנמען (מגבלת שיווק למשתמש). תישלח שוב פעם אחת אחרי 24 שעות.', 24 * 3600 + 300],
  [131050, 'opt_out', 'The recipient chose to stop marketing messages from this business; they are opted out of WhatsApp marketing.', 'הנמען בחר להפסיק לקבל הודעות שיווק מהעסק; הוא הוסר מדיוור שיווקי בוואטסאפ.'],
  [131051, 'permanent', 'The message type is not supported.', 'סוג ההודעה אינו נתמך.'],
  [131053, 'permanent', 'Meta could not download or process the header media; check the media URL.', 'מטא לא הצליחה להוריד או לעבד את המדיה של הכותרת; יש לבדוק את כתובת המדיה.'],
  [131056, 'throttle', 'Too many messages to the same recipient in a short time (pair rate limit); retried later.', 'יותר מדי הודעות לאותו נמען בזמן קצר (מגבלת זוג); ינוסה שוב מאוחר יותר.', 15],
  [131057, 'throttle', 'The account was in maintenance mode (for example a throughput upgrade); retried shortly.', 'החשבון היה במצב תחזוקה (למשל שדרוג קצב); ינוסה שוב בקרוב.', 60],
  [132000, 'template', 'The number of parameters does not match the template\'s variables; check the variable mapping.', 'מספר הפרמטרים אינו תואם את משתני התבנית; יש לבדוק את מיפוי המשתנים.'],
  [132001, 'template', 'The template does not exist in this language or is not approved.', 'התבנית אינה קיימת בשפה זו או שאינה מאושרת.'],
  [132005, 'template', 'The text is too long after filling in the variables.', 'הטקסט ארוך מדי אחרי מילוי המשתנים.'],
  [132007, 'template', 'A variable value breaks Meta\'s formatting policy (line breaks, tabs or many spaces).', 'ערך של משתנה מפר את מדיניות העיצוב של מטא (שורות חדשות, טאבים או רווחים רבים).'],
  [132012, 'template', 'A parameter has the wrong format for the template (for example a wrong header media type).', 'לפרמטר יש פורמט שגוי לתבנית (למשל סוג מדיה שגוי בכותרת).'],
  [132015, 'template', 'The template is paused by Meta for low quality. The campaign waits until it is active again or you switch templates.', 'התבנית הושהתה על ידי מטא בגלל איכות נמוכה. הקמפיין ממתין עד שתחזור לפעילות או שתוחלף.'],
  [132016, 'template', 'The template was disabled by Meta permanently; create a new one.', 'התבנית הושבתה לצמיתות על ידי מטא; יש ליצור תבנית חדשה.'],
  [133010, 'halt', 'The business number is not registered on the Cloud API.', 'מספר העסק אינו רשום ב-Cloud API.'],
  [135000, 'permanent', 'Meta reported a generic problem with the parameters of this message.', 'מטא דיווחה על בעיה כללית בפרמטרים של ההודעה.'],
];

const TABLE = new Map<number, WaErrorInfo>(T.map(([code, action, en, he, retryAfterSec]) => [code, { code, action, en, he, retryAfterSec }]));

/** What to do about a Cloud API error code (and why), per reference §2.3; unknown codes by HTTP status. */
export function waErrorInfo(code: number, httpStatus: number | null = null): WaErrorInfo {
  const known = TABLE.get(code);
  if (known) return known;
  if (code >= 200 && code <= 299) return { code, action: 'halt', en: 'A permission of the API is missing.', he: 'חסרה הרשאת API.' };
  if (httpStatus !== null && httpStatus >= 500) return { code, action: 'throttle', retryAfterSec: 60, en: `Meta answered with a server error (${code}); retried later.`, he: `מטא החזירה שגיאת שרת (${code}); ינוסה שוב מאוחר יותר.` };
  return { code, action: 'permanent', en: `Meta refused the message with error ${code}.`, he: `מטא דחתה את ההודעה עם שגיאה ${code}.` };
}

/** The explanation of a code in a language ('he' or anything else → English). */
export function explainWaError(code: number | string | null, lang = 'en'): string {
  const n = Number(code);
  if (!Number.isFinite(n)) return lang === 'he' ? 'שגיאה לא ידועה.' : 'Unknown error.';
  const i = waErrorInfo(n);
  return lang === 'he' ? i.he : i.en;
}

/** Every known code with its action and explanations (for documentation and the report UI). */
export function waErrorTable(): WaErrorInfo[] {
  return [...TABLE.values()];
}
