/** Retransmission delays: exponential back-off with randomisation, as RFC 2131 4.1 asks of DHCP clients. */

export interface BackoffPolicy {
  /** Wait after the first transmission, in ms. */
  initialMs: number;
  /** Upper bound of a single wait, in ms. */
  maxMs: number;
  /** Transmissions in total (the first one and its retransmissions). */
  attempts: number;
}

/**
 * The wait after transmission number `attempt` (0-based): `initialMs`
 * doubled each time up to `maxMs`, moved by up to a quarter of itself (and
 * at most one second) either way, so that clients started together spread out.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.initialMs * 2 ** attempt, policy.maxMs);
  const spread = Math.min(1000, base / 4);
  return Math.max(1, Math.round(base + (random() * 2 - 1) * spread));
}

/** Longest total time the policy can wait, for messages and for bounding callers. */
export function backoffBudget(policy: BackoffPolicy): number {
  let total = 0;
  for (let i = 0; i < policy.attempts; i++) {
    const base = Math.min(policy.initialMs * 2 ** i, policy.maxMs);
    total += base + Math.min(1000, base / 4);
  }
  return Math.round(total);
}
