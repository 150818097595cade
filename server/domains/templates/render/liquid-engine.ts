/**
 * The sandboxed Liquid engines used for every tenant-authored template.
 *
 * Templates are written by tenants, so the engine must not reach the file system or the JS prototype chain, and a
 * template must not be able to burn unbounded CPU or memory. LiquidJS limits are cooperative (see
 * docs/email-rendering.md), so the campaign pipeline should still render in a worker with OS limits.
 */
import { Liquid } from 'liquidjs';

/** Limits applied to every parse and render. Exported so the docs and tests name the same numbers. */
export const LIQUID_LIMITS = {
  /** Characters per parse. A 100 KB email plus generous room for the tags. */
  parseLimit: 1_000_000,
  /** Milliseconds per render call (one part of one recipient). */
  renderLimit: 1_000,
  /** Accounted allocations per render (LiquidJS charges string building, loops, filters). */
  memoryLimit: 50_000_000,
} as const;

/** Tags that would read other templates; tenants get no file system, so they are rejected at parse time. */
const FORBIDDEN_TAGS = ['include', 'render', 'layout', 'block'] as const;

function forbiddenTag(name: string): Parameters<Liquid['registerTag']>[1] {
  return {
    parse() {
      throw new Error(`The {% ${name} %} tag is not available in email templates.`);
    },
    *render() {
      return '';
    },
  };
}

function createEngine(escapeHtml: boolean): Liquid {
  const engine = new Liquid({
    // HTML part: every {{ }} is escaped unless the author writes `| raw` on purpose. Text/subject: no escaping.
    outputEscape: escapeHtml ? 'escape' : undefined,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    jsTruthy: false,
    // An empty in-memory template map: partial/layout lookups never touch the file system.
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    cache: false,
    ...LIQUID_LIMITS,
  });
  for (const name of FORBIDDEN_TAGS) engine.registerTag(name, forbiddenTag(name));
  return engine;
}

let htmlEngine: Liquid | undefined;
let textEngine: Liquid | undefined;

/** Engine for the HTML part: output is HTML-escaped by default. */
export function liquidHtml(): Liquid {
  return (htmlEngine ??= createEngine(true));
}

/** Engine for the subject and the plain-text part: output is not escaped. */
export function liquidText(): Liquid {
  return (textEngine ??= createEngine(false));
}
