/**
 * How a catalog area is written: one object per area, each code with its English and Hebrew text side by side,
 * so a code cannot be added in one language only (the compiler rejects an entry without `he`, and
 * common/messages/catalog.test.ts rejects an empty one or one whose languages use different parameters).
 */
export type Lang = 'en' | 'he';

export interface Entry {
  en: string;
  he: string;
}

/** Declares an area's messages; keys are `<area>.<snake_case>` and unique across all areas. */
export const defineMessages = <T extends Record<string, Entry>>(m: T): T => m;

/** The locale used for numbers, dates and plural rules of a language when the workspace names none. */
export const defaultLocale: Record<Lang, string> = { en: 'en-GB', he: 'he-IL' };
