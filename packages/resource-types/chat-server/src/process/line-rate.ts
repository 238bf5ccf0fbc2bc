/**
 * A client's line allowance (a token bucket): up to `burst` lines at once, then `rate`
 * lines per second. Pure: the caller passes the time, so tests need no clock.
 */
export interface LineAllowance {
  /** Lines the client may send now (fractional while refilling). */
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
}

export interface LineRate {
  /** Lines per second, steady. */
  rate: number;
  /** Lines allowed at once after a quiet spell. */
  burst: number;
}

/** A new client's allowance: a full burst. */
export function freshAllowance(limit: LineRate, now: number): LineAllowance {
  return { tokens: limit.burst, at: now };
}

/** The allowance at `now`: refilled at `rate`, never above `burst`. */
export function refill(allowance: LineAllowance, limit: LineRate, now: number): LineAllowance {
  const elapsed = Math.max(0, now - allowance.at);
  return { tokens: Math.min(limit.burst, allowance.tokens + (elapsed * limit.rate) / 1000), at: now };
}

/** Milliseconds until the allowance holds one whole line (0 if it does now). */
export function waitForLine(allowance: LineAllowance, limit: LineRate): number {
  return allowance.tokens >= 1 ? 0 : Math.ceil(((1 - allowance.tokens) * 1000) / limit.rate);
}
