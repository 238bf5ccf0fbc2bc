/*
 * Which etcd member a call goes to. The etcd3 client's own pool picks a member at random
 * for every call and cannot tell a member behind a cut cable from a slow one: a third of
 * the calls then wait out their deadline ("Waiting for LB pick"), and an agent whose
 * lease renewals land there fences itself although the majority is fine. So the store
 * keeps one client per member and decides itself:
 *
 * - calls stick to one member (the current one) while it answers;
 * - a member that fails a call for want of reach (timeout, refused, no leader) becomes
 *   suspect: calls go to the other members first, and watches on it move elsewhere;
 * - suspect members, and a current member that has been idle, are probed in the
 *   background with a cheap read; one answer makes a member good again.
 */
import type { Etcd3 } from 'etcd3';

export interface Member {
  readonly endpoint: string;
  readonly client: Etcd3;
}

export interface MembersOptions {
  endpoints: string[];
  connect(endpoint: string): Etcd3;
  /** A cheap call that succeeds only when the member has a leader; rejects by the deadline otherwise. */
  probe(member: Member, deadline: number): Promise<unknown>;
  /** Whether a failed call or probe means the member could not be reached (rather than an answer such as "permission denied"). */
  isUnreachable(error: unknown): boolean;
  /** How long a probe may take. */
  probeTimeoutMs: number;
  /** How often suspect members (and an idle current member) are probed. */
  probeIntervalMs: number;
}

/** What the store has sent a member (probes not counted); for diagnostics. */
export interface MemberStats {
  endpoint: string;
  suspect: boolean;
  calls: number;
  unreachable: number;
}

interface MemberState extends Member {
  suspect: boolean;
  calls: number;
  unreachable: number;
  /** When this member last answered (a call or a probe); 0 if never. */
  answeredAt: number;
  probing: boolean;
}

export class Members {
  readonly #options: MembersOptions;
  readonly #members: MemberState[];
  readonly #suspectListeners = new Set<(member: Member) => void>();
  readonly #goodListeners = new Set<(member: Member) => void>();
  readonly #timer: NodeJS.Timeout;
  #current: number;
  #closed = false;

  constructor(options: MembersOptions) {
    this.#options = options;
    this.#members = options.endpoints.map((endpoint) => ({
      endpoint,
      client: options.connect(endpoint),
      suspect: false,
      calls: 0,
      unreachable: 0,
      answeredAt: 0,
      probing: false,
    }));
    // Processes start on different members, so the load spreads without coordination.
    this.#current = Math.floor(Math.random() * this.#members.length);
    this.#timer = setInterval(() => this.#probeRound(), options.probeIntervalMs);
    this.#timer.unref();
  }

  /** The members in the order a call should try them: the current one, the other good ones, the suspect ones last. */
  order(): Member[] {
    const count = this.#members.length;
    const rotated = Array.from({ length: count }, (_, index) => this.#members[(this.#current + index) % count]!);
    return [...rotated.filter((member) => !member.suspect), ...rotated.filter((member) => member.suspect)];
  }

  /** A call is being sent to the member. */
  sending(member: Member): void {
    this.#state(member).calls += 1;
  }

  stats(): MemberStats[] {
    return this.#members.map(({ endpoint, suspect, calls, unreachable }) => ({
      endpoint,
      suspect,
      calls,
      unreachable,
    }));
  }

  /** The member answered: it is good, and if the current one is suspect it becomes current. */
  answered(member: Member): void {
    const state = this.#state(member);
    const wasSuspect = state.suspect;
    state.answeredAt = Date.now();
    state.suspect = false;
    if (this.#members[this.#current]!.suspect) this.#current = this.#members.indexOf(state);
    if (wasSuspect) for (const listener of this.#goodListeners) listener(state);
  }

  /** The member could not be reached or has no leader: suspect it until a probe says otherwise. */
  unreachable(member: Member): void {
    const state = this.#state(member);
    state.unreachable += 1;
    const wasSuspect = state.suspect;
    state.suspect = true;
    if (this.#members[this.#current] === state) {
      const next = this.order().find((candidate) => !this.#state(candidate).suspect);
      if (next) this.#current = this.#members.indexOf(this.#state(next));
    }
    if (!wasSuspect) for (const listener of this.#suspectListeners) listener(state);
  }

  isSuspect(member: Member): boolean {
    return this.#state(member).suspect;
  }

  /** Called whenever a member becomes suspect (watches use it to move off that member). */
  onSuspect(listener: (member: Member) => void): () => void {
    this.#suspectListeners.add(listener);
    return () => this.#suspectListeners.delete(listener);
  }

  /**
   * Called whenever a suspect member answers again (watches left on a suspect member,
   * e.g. opened while every member was suspect, use it to move to this one).
   */
  onGood(listener: (member: Member) => void): () => void {
    this.#goodListeners.add(listener);
    return () => this.#goodListeners.delete(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#suspectListeners.clear();
    this.#goodListeners.clear();
    for (const member of this.#members) member.client.close();
  }

  #probeRound(): void {
    const now = Date.now();
    const current = this.#members[this.#current]!;
    for (const member of this.#members) {
      const idle = member === current && now - member.answeredAt >= this.#options.probeIntervalMs;
      if (member.probing || (!member.suspect && !idle)) continue;
      member.probing = true;
      this.#options
        .probe(member, Date.now() + this.#options.probeTimeoutMs)
        .then(
          () => !this.#closed && this.answered(member),
          (error: unknown) => {
            if (this.#closed) return;
            if (this.#options.isUnreachable(error)) this.unreachable(member);
            else this.answered(member);
          },
        )
        .finally(() => {
          member.probing = false;
        });
    }
  }

  #state(member: Member): MemberState {
    const state = this.#members.find((candidate) => candidate === member || candidate.endpoint === member.endpoint);
    if (!state) throw new Error(`not a member of this store: ${member.endpoint}`);
    return state;
  }
}
