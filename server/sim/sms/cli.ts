/**
 * `clarion sim sms [flags]`: runs the Twilio-compatible SMS gateway simulator in the foreground, prints its URL
 * and credentials, and stops cleanly on Ctrl-C / SIGTERM.
 */
import type { SmsSimOptions } from './config.js';
import { createSmsSimulator } from './simulator.js';

const HELP = `usage: clarion sim sms [options]
  --port N                 port on 127.0.0.1 (default: random free port)
  --account-sid SID        account SID callers authenticate with (default AC000…001)
  --auth-token T           auth token: Basic auth password and the X-Twilio-Signature key (default sim-auth-token)
  --sender ADDR            a number (+972…) or alphanumeric sender ID the account owns (repeatable)
  --inbound-url URL        where inbound messages are POSTed (e.g. http://127.0.0.1:3000/webhooks/sms/inbound)
  --sps N                  segments per second per sender (default 10; 0 = unlimited)
  --fail +E164=CODE        every message to that number ends with Twilio error CODE (e.g. 30003, repeatable)
  --countries 972,1        country codes the account may send to (default: all)
  --latency-sent MS --latency-delivered MS`;

export function parseSmsSimArgs(argv: string[]): SmsSimOptions & { help?: boolean } {
  const opts: SmsSimOptions = {};
  const senders: string[] = [];
  const failures: Record<string, number> = {};
  const latencies: NonNullable<SmsSimOptions['latencies']> = {};
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
      case '--port': opts.port = num(flag, val()); break;
      case '--host': opts.host = val(); break;
      case '--account-sid': opts.accountSid = val(); break;
      case '--auth-token': opts.authToken = val(); break;
      case '--sender': senders.push(val()); break;
      case '--inbound-url': opts.inboundUrl = val(); break;
      case '--sps': opts.segmentsPerSecond = num(flag, val()); break;
      case '--countries': opts.allowedCountryCodes = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--latency-sent': latencies.sentMs = num(flag, val()); break;
      case '--latency-delivered': latencies.deliveredMs = num(flag, val()); break;
      case '--fail': {
        const [to, code] = val().split('=');
        if (!to?.startsWith('+') || !Number(code)) throw new Error('--fail looks like +972501234567=30003');
        failures[to] = Number(code);
        break;
      }
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  if (senders.length) opts.senders = senders.map((address) => ({ address }));
  if (Object.keys(failures).length) opts.failures = failures;
  if (Object.keys(latencies).length) opts.latencies = latencies;
  return opts;
}

export async function runSmsSim(argv: string[]): Promise<void> {
  let opts: ReturnType<typeof parseSmsSimArgs>;
  try {
    opts = parseSmsSimArgs(argv);
  } catch (err) {
    process.stderr.write(`clarion sim sms: ${(err as Error).message}\n${HELP}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const { help: _h, ...simOpts } = opts;
  const sim = await createSmsSimulator(simOpts);
  const c = sim.config;
  process.stdout.write(
    [
      `SMS gateway simulator (Twilio wire format) listening on ${sim.url}`,
      `  send               POST ${sim.url}/2010-04-01/Accounts/${c.accountSid}/Messages.json`,
      `  account SID        ${c.accountSid}`,
      `  auth token         ${c.authToken}`,
      `  senders            ${c.senders.map((s) => s.address).join(', ')}`,
      `  inbound URL        ${c.inboundUrl ?? '(none)'}`,
      `  throughput         ${c.segmentsPerSecond || '∞'} segments/s per sender`,
      `  control API        ${sim.url}/_sim/stats, /_sim/messages, /_sim/inbound, /_sim/webhooks, /_sim/config, /_sim/reset`,
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
