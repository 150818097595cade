/**
 * `clarion sim whatsapp [flags]`: runs the simulator in the foreground, prints its URL and the
 * configuration in use, and stops cleanly on Ctrl-C / SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseTier, type SimOptions } from './config.js';
import { createWhatsappSimulator } from './simulator.js';

const HELP = `usage: clarion sim whatsapp [options]
  --port N                 port on 127.0.0.1 (default: random free port)
  --webhook-url URL        where to POST signed webhooks (e.g. http://127.0.0.1:3000/webhooks/whatsapp)
  --app-secret S           app secret for X-Hub-Signature-256 (default sim-app-secret)
  --token T                access token callers must send as Bearer (default sim-token)
  --verify-token T         token used by POST /_sim/webhooks/verify (default sim-verify-token)
  --phone-number-id ID --display-number DIGITS --waba-id ID   the simulated business number
  --mps N                  messages per second per number (default 80; 0 = unlimited)
  --tier T                 250 | 2000 | 10000 | 100000 | unlimited (default 250)
  --tier-error-code N      code for exceeding the tier (default 131048)
  --pair-rate B/S|off      pair rate limit: B messages burst, one more every S seconds (default 45/6)
  --window-errors sync|async   how 131047 is reported (default async: failed status webhook)
  --review-delay-ms N      template review delay (default 2000)
  --no-auto-approve        templates stay PENDING until set via /_sim/templates/status
  --latency-sent MS --latency-delivered MS --latency-read MS   status timings
  --fail WA_ID=CODE        make every message to WA_ID fail with CODE (repeatable)
  --failure-rate P --failure-codes A,B   random failures with a seeded RNG
  --seed N                 RNG seed (default 42)
  --duplicate P --out-of-order P   webhook duplicate / reordering probability (0..1)
  --config FILE.json       full options object (flags override it)`;

/** Parses CLI flags into simulator options. Throws with a readable message on bad input. */
export function parseSimArgs(argv: string[]): SimOptions & { help?: boolean } {
  let opts: SimOptions = {};
  const limits: NonNullable<SimOptions['limits']> = {};
  const review: NonNullable<SimOptions['review']> = {};
  const lat: NonNullable<SimOptions['latencies']> = {};
  const webhooks: NonNullable<SimOptions['webhooks']> = {};
  const failures: NonNullable<SimOptions['failures']> = {};
  const byRecipient: Record<string, number> = {};
  const number: Record<string, string> = {};
  const num = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help': case '-h': return { help: true };
      case '--config': opts = { ...JSON.parse(readFileSync(val(), 'utf8')), ...opts }; break;
      case '--port': opts.port = num(flag, val()); break;
      case '--host': opts.host = val(); break;
      case '--webhook-url': opts.webhookUrl = val(); break;
      case '--app-secret': opts.appSecret = val(); break;
      case '--token': opts.accessToken = val(); break;
      case '--verify-token': opts.verifyToken = val(); break;
      case '--phone-number-id': number.phoneNumberId = val(); break;
      case '--display-number': number.displayPhoneNumber = val().replace(/[^0-9]/g, ''); break;
      case '--waba-id': number.wabaId = val(); break;
      case '--mps': limits.mps = num(flag, val()); break;
      case '--tier': limits.tier = parseTier(val()); break;
      case '--tier-error-code': limits.tierErrorCode = num(flag, val()); break;
      case '--pair-rate': {
        const v = val();
        if (v === 'off') limits.pairRate = false;
        else {
          const [b, s] = v.split('/').map(Number);
          if (!(b > 0 && s > 0)) throw new Error('--pair-rate looks like 45/6 (burst/seconds) or off');
          limits.pairRate = { burst: b, perSeconds: s };
        }
        break;
      }
      case '--window-errors': {
        const v = val();
        if (v !== 'sync' && v !== 'async') throw new Error('--window-errors is sync or async');
        limits.windowErrorMode = v;
        break;
      }
      case '--review-delay-ms': review.delayMs = num(flag, val()); break;
      case '--no-auto-approve': review.autoApprove = false; break;
      case '--latency-sent': lat.sentMs = num(flag, val()); break;
      case '--latency-delivered': lat.deliveredMs = num(flag, val()); break;
      case '--latency-read': lat.readMs = num(flag, val()); break;
      case '--fail': {
        const [wa, code] = val().split('=');
        if (!wa || !Number(code)) throw new Error('--fail looks like 972501234567=131026');
        byRecipient[wa.replace(/[^0-9]/g, '')] = Number(code);
        break;
      }
      case '--failure-rate': failures.probability = num(flag, val()); break;
      case '--failure-codes': failures.codes = val().split(',').map(Number); break;
      case '--seed': opts.seed = num(flag, val()); break;
      case '--duplicate': webhooks.duplicate = num(flag, val()); break;
      case '--out-of-order': webhooks.outOfOrder = num(flag, val()); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  if (Object.keys(number).length) {
    const base = opts.numbers?.[0] ?? { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
    opts.numbers = [{ ...base, ...number }, ...(opts.numbers?.slice(1) ?? [])];
  }
  if (Object.keys(byRecipient).length) failures.byRecipient = { ...opts.failures?.byRecipient, ...byRecipient };
  const merge = <K extends keyof SimOptions>(k: K, v: object) => {
    if (Object.keys(v).length) (opts as Record<string, unknown>)[k] = { ...(opts[k] as object | undefined), ...v };
  };
  merge('limits', limits);
  merge('review', review);
  merge('latencies', lat);
  merge('webhooks', webhooks);
  merge('failures', failures);
  return opts;
}

/**
 * Runs `clarion sim whatsapp`: starts the simulator and resolves after SIGINT/SIGTERM closed it.
 * @param argv arguments after `sim whatsapp`.
 */
export async function runWhatsappSim(argv: string[]): Promise<void> {
  let opts: ReturnType<typeof parseSimArgs>;
  try {
    opts = parseSimArgs(argv);
  } catch (err) {
    process.stderr.write(`clarion sim whatsapp: ${(err as Error).message}\n${HELP}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const { help: _h, ...simOpts } = opts;
  const sim = await createWhatsappSimulator(simOpts);
  const c = sim.config;
  const n = c.numbers[0];
  process.stdout.write(
    [
      `WhatsApp Cloud API simulator listening on ${sim.url}`,
      `  Graph base URL     ${sim.url}/v24.0   (any vNN.N works)`,
      `  access token       ${c.accessToken}`,
      `  app secret         ${c.appSecret}`,
      `  phone number id    ${n.phoneNumberId}   display ${n.displayPhoneNumber}   WABA ${n.wabaId}`,
      `  webhook URL        ${c.webhookUrl ?? '(none — webhooks are only logged at GET /_sim/webhooks)'}`,
      `  limits             ${c.limits.mps || '∞'} msg/s per number, tier ${c.limits.tier}, pair ${c.limits.pairRate ? `${c.limits.pairRate.burst}/${c.limits.pairRate.perSeconds}s` : 'off'}, 131047 ${c.limits.windowErrorMode}`,
      `  template review    ${c.review.autoApprove ? `after ${c.review.delayMs} ms` : 'manual (/_sim/templates/status)'}`,
      `  control API        ${sim.url}/_sim/stats, /_sim/messages, /_sim/inbound, /_sim/clock … (see docs/whatsapp-simulator.md)`,
      `config: ${JSON.stringify({ ...c, appSecret: c.appSecret })}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sim.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
