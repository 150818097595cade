/**
 * The ordered list of migrations. Each module exports `name` and `up` (SQL). Add new ones at the end;
 * never edit one that has shipped.
 */
import * as m0001 from './0001_foundation.js';

export interface Migration {
  name: string;
  up: string;
}

export const migrations: Migration[] = [m0001];
