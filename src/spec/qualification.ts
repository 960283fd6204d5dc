// One target's result in a route's qualification (issue 11): decided by scorecard/, stored by store/, read by
// the gateway and the CLI. It lives here so that those layers share one shape without importing each other.

export interface QualificationCandidate {
  model: string;
  /** Null when the target could not run (e.g. no key); it is then not qualified. */
  passRate: number | null;
  passRateCi95: [number, number] | null;
  costPer1kCallsUsd: number | null;
  latencyMs: { p95: number | null };
  qualified: boolean;
  /** Why it is (not) qualified when the rule says more than the numbers: a paired comparison, a skip. */
  note?: string;
}
