// Qualification records in the store contract: one per `yardstick qualify` of a route, newest wins.
import type { Price } from '../../spec/model-config.js';
import type { QualificationCandidate } from '../../spec/qualification.js';

/** How a route's targets were judged: a pass-rate bar, or non-inferiority against a reference target. */
export interface QualificationRule {
  minPassRate?: number;
  reference?: string;
  maxDrop?: number;
  repeat: number | 'auto';
}

export interface QualifiedTarget {
  /** As the gateway config writes it, e.g. `openai:gpt-4o-mini`. */
  model: string;
  /** USD per 1M tokens, given in the config or from the price table when qualified; null when unpriced. */
  price: Price | null;
}

export type { QualificationCandidate };

export interface NewQualification {
  route: string;
  createdAt: string;
  runId: string;
  suitePath: string;
  /** Hash of the suite's prompts and tests, without its models (see qualify-route.ts). */
  suiteHash: string;
  rule: QualificationRule;
  priceTableVersion: string;
  targets: QualifiedTarget[];
  candidates: QualificationCandidate[];
  /** The target served first; null when none qualified. */
  chosen: string | null;
  /** The serving order: qualified targets by cost, then the rest. */
  order: string[];
  reason: string;
}

export interface QualificationRecord extends NewQualification {
  id: number;
}

export interface QualificationStore {
  insert(record: NewQualification): Promise<number>;
  /** The id of the newest record of any route, 0 when none: cheap, for polling. */
  newestId(): Promise<number>;
  /** The newest record of each route. */
  latest(): Promise<QualificationRecord[]>;
  /** Every record of every route, oldest first (by id); streams. For `store copy`. */
  iterateRecords(): AsyncIterable<QualificationRecord>;
  /** Requests traced on a route since `since` (ISO time). */
  tracedRequests(route: string, since: string): Promise<number>;
  /** Requests since `since` whose answer a cascade checked, and those it escalated. */
  cascadeCounts(route: string, since: string): Promise<{ checked: number; escalated: number }>;
  close(): Promise<void>;
}
