/** The cluster's name service: a DNS responder for the names its Network Name resources publish. */
export { answerQuery, startDnsResponder, type DnsResponder, type DnsResponderOptions } from './dns-responder.ts';
export { normalizeDnsName, publishedNames } from './published-names.ts';
export { FollowedDnsResponder, type DnsEndpoint, type FollowedDnsResponderOptions } from './followed-responder.ts';
export {
  startDnsThread,
  dnsWorkerScript,
  type DnsThread,
  type DnsThreadOptions,
  type NameTable,
} from './dns-thread.ts';
export {
  SourceRateLimiter,
  defaultGlobalRateLimit,
  defaultSourceRateLimit,
  type SourceRateLimit,
  type SourceRateLimiterOptions,
} from './source-rate-limit.ts';
