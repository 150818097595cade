/**
 * The `clarion` command: one program, several roles. Parses the role, loads and validates the
 * configuration (a bad value stops here with one line), and hands over.
 */
import { ConfigError, extractConfigFlags, loadConfig, type Config } from './config/config.js';
import { DataDirInUseError } from './db/data-dir-lock.js';

const HELP = `Usage: clarion <role> [options]

Roles:
  start                 API, web app and worker in one process (embedded database in ./data by default)
  api                   HTTP only: REST API, web app, tracking, webhooks
  worker                background work: imports, sending, scheduled jobs
  migrate               apply database migrations and exit
  import FILE --group NAME [--mode quick|update] [--country IL] [--workspace SLUG] [--json]
                        import a CSV/XLSX file of contacts
  sim whatsapp [--port N]   the WhatsApp Cloud API simulator (sandbox)
  sim sms [--port N]        the SMS gateway simulator (Twilio wire format)
  whatsapp lint TEMPLATE.json [--json]   check a WhatsApp template against Meta's rules
  email parse-bounce FILE.eml [--json]   classify a bounce or complaint message

Options for every role: --data-dir DIR, --database-url URL, --port N, --host H, --public-url URL, --log-level L
Environment: see docs/configuration.md`;

async function main(argv: string[]): Promise<number> {
  const [role, ...rest0] = argv;
  if (!role || role === 'help' || role === '--help' || role === '-h') {
    console.log(HELP);
    return role ? 0 : 1;
  }
  // Commands that need no database or configuration.
  if (role === 'whatsapp' && rest0[0] === 'lint') {
    const { runWhatsappLint } = await import('./domains/channels/whatsapp/lint-cli.js');
    return runWhatsappLint(rest0.slice(1));
  }
  if (role === 'email' && rest0[0] === 'parse-bounce') {
    const { runParseBounce } = await import('./domains/channels/email/bounces/parse-bounce-cli.js');
    return runParseBounce(rest0.slice(1));
  }
  if (role === 'sim' && rest0[0] === 'whatsapp') {
    const { runWhatsappSim } = await import('./sim/whatsapp/cli.js');
    await runWhatsappSim(rest0.slice(1));
    return -1; // keeps running
  }
  if (role === 'sim' && rest0[0] === 'sms') {
    const { runSmsSim } = await import('./sim/sms/cli.js');
    await runSmsSim(rest0.slice(1));
    return -1; // keeps running
  }

  const { flags, rest } = extractConfigFlags(rest0);
  let config: Config;
  try {
    config = loadConfig(process.env, flags);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`clarion: configuration error: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const { runRole } = await import('./app/run-role.js');
  return runRole(role, rest, config);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof DataDirInUseError) console.error(`clarion: ${err.message}`);
    else console.error('clarion: fatal error:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
