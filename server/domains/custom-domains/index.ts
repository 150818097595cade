/**
 * Custom domains: CNAME + TXT verification (injectable resolver), periodic re-check, and Caddy's on-demand TLS
 * `ask` endpoint. Serving on a verified host is in forms/hosts.ts and pages/serve.ts.
 */
export { registerCustomDomainRoutes } from './custom-domains.routes.js';
export { customDomainJobs, customDomainRecurring } from './custom-domains.jobs.js';
export { useDnsResolver, resolverFor, type DnsResolver } from './dns-check.js';
