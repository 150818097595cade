/**
 * The outbound-request policy (issue 10 §4): what the server may fetch or connect to on a user's behalf.
 * `ctx.outbound` is the instance's policy; pass it to outboundFetch / assertOutboundTarget / checkOutboundHost /
 * outboundLookup. See docs/security.md "Outbound requests".
 */
export {
  assertOutboundTarget,
  checkOutboundHost,
  createOutboundPolicy,
  isOutboundRefused,
  outboundLookup,
  OutboundRefused,
  parseAllowList,
  type OutboundPolicy,
  type RefusalReason,
  type ResolvedAddress,
  type Resolver,
} from './policy.js';
export { isOutboundFailed, OutboundFailed, outboundFetch, type OutboundFailure, type OutboundFetchOptions, type OutboundResponse } from './fetch.js';
export { blockReason, parseIp, type BlockReason } from './addresses.js';
