/**
 * Refusals: things a component will not do because they could destroy data
 * or cannot work (a volume that would shrink, a volume group without room,
 * a file in the way). They are collected while planning, each naming the
 * profile path it comes from, and the plan is refused as a whole: nothing
 * is applied until the profile or the host is fixed.
 */

export class PlanRefused extends Error {
  override name = 'PlanRefused';
  constructor(readonly reasons: readonly string[]) {
    super(reasons.length === 1 ? reasons[0]! : `${reasons.length} refusals:\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
  }
}

export class Refusals {
  private readonly reasons: string[] = [];

  /** Record a refusal for the profile path `where`. */
  add(where: string, message: string): void {
    this.reasons.push(`${where}: ${message}`);
  }

  /** Throw PlanRefused when anything was refused. */
  check(): void {
    if (this.reasons.length > 0) throw new PlanRefused(this.reasons);
  }
}

/** A profile value that is not what the component can use: the planning fails at once. */
export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
  }
}
