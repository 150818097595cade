/**
 * A minimal Prometheus registry: counters and gauges with labels, rendered in the text exposition format.
 */
type Labels = Record<string, string | number>;

interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

export class Metrics {
  readonly #series = new Map<string, Series>();
  readonly #collectors: Array<() => Promise<void> | void> = [];

  #get(name: string, help: string, type: Series['type']): Series {
    let s = this.#series.get(name);
    if (!s) this.#series.set(name, (s = { help, type, values: new Map() }));
    return s;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const s = this.#get(name, help, 'counter');
    const key = JSON.stringify(labels);
    const cur = s.values.get(key);
    if (cur) cur.value += by;
    else s.values.set(key, { labels, value: by });
  }

  set(name: string, help: string, labels: Labels, value: number): void {
    this.#get(name, help, 'gauge').values.set(JSON.stringify(labels), { labels, value });
  }

  /** Registers a function that refreshes gauges just before each scrape (e.g. queue depth from the DB). */
  onCollect(fn: () => Promise<void> | void): void {
    this.#collectors.push(fn);
  }

  async render(): Promise<string> {
    for (const c of this.#collectors) await c();
    const lines: string[] = [];
    for (const [name, s] of this.#series) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      for (const { labels, value } of s.values.values()) {
        const l = Object.entries(labels)
          .map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c))}"`)
          .join(',');
        lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}
