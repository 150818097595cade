/**
 * The test suite runs twice over the data layer: on embedded PGlite and on a real PostgreSQL server
 * (kysely's pattern). Browser journeys (web/e2e) run once, in Debian's Chromium.
 * When PostgreSQL or Chromium is missing the run says so loudly; CI sets CLARION_TEST_REQUIRE=all so
 * a missing peer fails instead of being skipped.
 */
import fs from 'node:fs';
import pg from 'pg';
import { defineConfig } from 'vitest/config';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.CLARION_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const chromium = process.env.CLARION_CHROMIUM ?? '/usr/bin/chromium';
const require = (process.env.CLARION_TEST_REQUIRE ?? '').split(',');

export default defineConfig(async () => {
  const hasPg = await postgresReachable();
  const hasChromium = fs.existsSync(chromium);
  if (!hasPg) {
    if (require.includes('all') || require.includes('postgres')) throw new Error('PostgreSQL is not reachable and CLARION_TEST_REQUIRE demands it.');
    console.warn('\n!! PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL variant of the suite is SKIPPED. Start it (see README) to run it.\n');
  }
  if (!hasChromium) {
    if (require.includes('all') || require.includes('browser')) throw new Error(`Chromium not found at ${chromium} and CLARION_TEST_REQUIRE demands it.`);
    console.warn(`\n!! Chromium not found at ${chromium}: browser tests are SKIPPED (apt-get install chromium).\n`);
  }
  const server = { include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'bench/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 };
  return {
    test: {
      projects: [
        { test: { ...server, name: 'pglite', env: { CLARION_TEST_DB: 'pglite' }, globalSetup: ['server/test/global-setup.ts'] } },
        ...(hasPg
          ? [{ test: { ...server, name: 'postgres', env: { CLARION_TEST_DB: 'postgres' }, globalSetup: ['server/test/global-setup.ts'] } }]
          : []),
        ...(hasChromium
          ? [
              {
                test: {
                  name: 'browser',
                  include: ['web/e2e/**/*.test.ts'],
                  testTimeout: 180_000,
                  hookTimeout: 300_000,
                  fileParallelism: false,
                  // After the server projects: real drags and live pages are not to race two cores' worth of tests.
                  sequence: { groupOrder: 1 },
                  env: { CLARION_TEST_DB: 'pglite' },
                },
              },
            ]
          : []),
      ],
    },
  };
});
