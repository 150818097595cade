/**
 * Tunables of the WhatsApp limits. `recheckMs`: a recipient deferred by the messaging limit is looked at again
 * when the window allows, or after this long at the latest (a tier upgrade or an edited tier then takes effect
 * without waiting for the window). Default 5 minutes; tests shorten it with setWhatsappLimiterOptions().
 */
export interface LimiterOptions {
  recheckMs: number;
}

let current: LimiterOptions = { recheckMs: 5 * 60_000 };

/** The options in force. */
export function limiterOptions(): LimiterOptions {
  return current;
}

/** Changes options for this process (tests use a short recheck with a controlled clock). */
export function setWhatsappLimiterOptions(o: Partial<LimiterOptions>): void {
  current = { ...current, ...o };
}
