import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { normalizeDnsName } from './published-names.ts';
import { defaultSourceRateLimit, SourceRateLimiter, type SourceRateLimit } from './source-rate-limit.ts';

/*
 * The cluster's DNS responder: answers A queries for the network names resources
 * publish, authoritatively and with a 1 s TTL so a moved group's name follows it at
 * once. It answers only what it knows; it is not a recursive resolver.
 */

export interface DnsResponderOptions {
  /** Address to listen on (IPv4 or IPv6), e.g. the cluster config's dnsAddress. */
  address: string;
  /** UDP port; 0 picks a free one. */
  port: number;
  /** Addresses for a name, given in lower case without a trailing dot; [] when unknown. */
  lookup: (name: string) => string[];
  /** Called when the socket reports an error after it started. */
  onError?: (error: Error) => void;
  /** Per source address: queries past it are dropped unanswered (no reply to reflect). Default defaultSourceRateLimit. */
  rateLimit?: SourceRateLimit;
  /** All sources together (a flood from many addresses). Default defaultGlobalRateLimit. */
  globalRateLimit?: SourceRateLimit;
}

export interface DnsResponder {
  /** The UDP port it listens on (useful when started with port 0). */
  port: number;
  /** Queries dropped so far because their source, or all sources together, were over their rate. */
  readonly dropped: number;
  close(): Promise<void>;
}

const rcode = { noError: 0, formErr: 1, servFail: 2, nxDomain: 3, notImp: 4 } as const;
const ttlSeconds = 1;
// Without EDNS a UDP DNS message may be at most 512 bytes; past that, answers are cut and TC set.
const maxUdpBytes = 512;
const opcodeMask = 0x7800;

function reply(query: dnsPacket.DecodedPacket, code: number, answers: dnsPacket.Answer[] = []): Buffer {
  const base = (query.flags ?? 0) & opcodeMask;
  const recursionDesired = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  let flags = base | dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired | code;
  let kept = answers;
  for (;;) {
    const message = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags,
      questions: query.questions ?? [],
      answers: kept,
    });
    if (message.length <= maxUdpBytes || kept.length === 0) return message;
    kept = kept.slice(0, -1);
    flags |= dnsPacket.TRUNCATED_RESPONSE;
  }
}

/** A bare header (id, QR, rcode) for a query too malformed to decode. */
function headerOnlyReply(message: Buffer, code: number): Buffer | undefined {
  if (message.length < 12) return undefined;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(message.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8000 | (message.readUInt16BE(2) & opcodeMask) | code, 2);
  return header;
}

/** The reply to one datagram, or undefined when it deserves none (a response, or noise). */
export function answerQuery(message: Buffer, lookup: (name: string) => string[]): Buffer | undefined {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return message.length >= 12 && (message.readUInt16BE(2) & 0x8000) === 0
      ? headerOnlyReply(message, rcode.formErr)
      : undefined;
  }
  if (query.type !== 'query') return undefined;
  if (((query.flags ?? 0) & opcodeMask) !== 0) return reply(query, rcode.notImp);
  const [question, ...others] = query.questions ?? [];
  if (!question || others.length > 0) return reply(query, rcode.formErr);
  if (question.class !== 'IN' && question.class !== 'ANY') return reply(query, rcode.notImp);

  let addresses: string[];
  try {
    addresses = lookup(normalizeDnsName(question.name)).filter((address) => isIPv4(address));
  } catch {
    return reply(query, rcode.servFail);
  }
  if (addresses.length === 0) return reply(query, rcode.nxDomain);
  // The name exists: other types get an empty NOERROR answer (NODATA), as resolvers expect.
  if (question.type !== 'A' && (question.type as string) !== 'ANY') return reply(query, rcode.noError);
  const answers: dnsPacket.Answer[] = addresses.map((address) => ({
    type: 'A',
    class: 'IN',
    name: question.name,
    ttl: ttlSeconds,
    data: address,
  }));
  return reply(query, rcode.noError, answers);
}

/** Start answering DNS A queries over UDP; resolves once the socket listens. */
export async function startDnsResponder(options: DnsResponderOptions): Promise<DnsResponder> {
  const socket: Socket = createSocket({ type: isIPv6(options.address) ? 'udp6' : 'udp4', reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: options.address, port: options.port }, () => {
      socket.off('error', reject);
      resolve();
    });
  }).catch((error: Error) => {
    try {
      socket.close();
    } catch {
      // Never bound: nothing to close.
    }
    throw new Error(`DNS responder: cannot listen on ${options.address} port ${options.port}: ${error.message}`);
  });
  socket.on('error', (error) => options.onError?.(error));
  const limiter = new SourceRateLimiter(
    options.rateLimit ?? defaultSourceRateLimit,
    options.globalRateLimit ? { global: options.globalRateLimit } : {},
  );
  let dropped = 0;
  socket.on('message', (message: Buffer, remote: RemoteInfo) => {
    if (!limiter.allow(remote.address, performance.now())) {
      dropped += 1;
      return;
    }
    const response = answerQuery(message, options.lookup);
    if (response) socket.send(response, remote.port, remote.address, (error) => error && options.onError?.(error));
  });
  let closed: Promise<void> | undefined;
  return {
    port: socket.address().port,
    get dropped() {
      return dropped;
    },
    close() {
      closed ??= new Promise((resolve) => socket.close(() => resolve()));
      return closed;
    },
  };
}
