/**
 * Plain-language explanations of the WhatsApp Cloud API error codes a campaign report shows (reference §4).
 * Used when the server's report carries no explanation of its own.
 */
export const WA_ERROR_EXPLANATIONS: Record<string, { en: string; he: string }> = {
  '131026': { en: 'The number is not on WhatsApp or cannot receive this message (old app, not accepted the terms). Marked unreachable.', he: 'המספר אינו בוואטסאפ או שאינו יכול לקבל את ההודעה (גרסה ישנה, לא אישר תנאים). סומן כלא זמין.' },
  '131049': { en: 'Meta held this marketing message back to protect the user’s experience (too many marketing messages recently). Retried no sooner than 24 hours later.', he: 'מטא עיכבה את הודעת השיווק כדי להגן על חוויית המשתמש (יותר מדי הודעות שיווק לאחרונה). ינוסה שוב לא לפני 24 שעות.' },
  '130472': { en: 'The user is part of a Meta experiment that withholds marketing messages. Skipped.', he: 'המשתמש משתתף בניסוי של מטא שמונע הודעות שיווק. דולג.' },
  '131050': { en: 'The user stopped marketing messages from your business on WhatsApp. Marked as opted out.', he: 'המשתמש חסם הודעות שיווק מהעסק שלך בוואטסאפ. סומן כמי שביקש להסיר.' },
  '131047': { en: 'More than 24 hours since the user last wrote: only templates can be sent.', he: 'עברו יותר מ-24 שעות מאז שהמשתמש כתב: אפשר לשלוח רק תבניות.' },
  '131048': { en: 'Messaging limit reached (spam-rate or tier limit). The rest waits until the rolling 24-hour window allows.', he: 'הגעת למגבלת ההודעות (שיעור ספאם או מדרגה). השאר ממתינים עד שחלון 24 השעות יאפשר.' },
  '131056': { en: 'Too many messages to the same user in a short time (pair rate limit). Retried later.', he: 'יותר מדי הודעות לאותו משתמש בזמן קצר. ינוסה שוב מאוחר יותר.' },
  '130429': { en: 'The number’s throughput (messages per second) was exceeded. Retried with backoff.', he: 'חריגה מקצב השליחה של המספר (הודעות לשנייה). ינוסה שוב בהמתנה.' },
  '132000': { en: 'The number of parameters does not match the template’s variables.', he: 'מספר הפרמטרים אינו תואם את משתני התבנית.' },
  '132001': { en: 'The template does not exist in this language or is not approved.', he: 'התבנית לא קיימת בשפה זו או שאינה מאושרת.' },
  '132005': { en: 'The message became longer than 1,024 characters after filling the variables.', he: 'ההודעה ארוכה מ-1,024 תווים אחרי מילוי המשתנים.' },
  '132007': { en: 'A variable’s value breaks WhatsApp’s format rules (line breaks, tabs, many spaces).', he: 'ערך של משתנה מפר את כללי הפורמט (שורות חדשות, טאבים, רווחים רבים).' },
  '132012': { en: 'A parameter has the wrong format for the template (e.g. header media type).', he: 'פרמטר בפורמט שגוי לתבנית (למשל סוג מדיה בכותרת).' },
  '132015': { en: 'The template is paused because of low quality. The campaign paused.', he: 'התבנית מושהית בגלל איכות נמוכה. הקמפיין הושהה.' },
  '132016': { en: 'The template was disabled because of low quality. The campaign paused.', he: 'התבנית הושבתה בגלל איכות נמוכה. הקמפיין הושהה.' },
  '131053': { en: 'The header media could not be downloaded or has an unsupported type or size.', he: 'לא ניתן להוריד את המדיה של הכותרת, או שסוגה/גודלה אינו נתמך.' },
  '131031': { en: 'The WhatsApp account is restricted or locked. Every campaign of this number paused.', he: 'חשבון הוואטסאפ מוגבל או נעול. כל הקמפיינים של המספר הושהו.' },
  '368': { en: 'The account was blocked for policy violations. Every campaign of this number paused.', he: 'החשבון נחסם עקב הפרת מדיניות. כל הקמפיינים של המספר הושהו.' },
};
