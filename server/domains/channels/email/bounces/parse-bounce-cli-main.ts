/**
 * Stand-alone entry for `clarion email parse-bounce`:
 * `npx tsx server/domains/channels/email/bounces/parse-bounce-cli-main.ts FILE.eml --json`.
 */
import { runParseBounce } from './parse-bounce-cli.js';

process.exitCode = await runParseBounce(process.argv.slice(2));
