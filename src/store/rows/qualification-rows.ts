// A qualification record's row as both engines read it, and its mapping to the contract's record.
import type {
  QualificationCandidate,
  QualificationRecord,
  QualificationRule,
  QualifiedTarget,
} from '../contract/qualification-store.js';

export interface RawQualification {
  id: number;
  route: string;
  created_at: string;
  run_id: string;
  suite_path: string;
  suite_hash: string;
  rule_json: string;
  price_table_version: string;
  targets_json: string;
  candidates_json: string;
  chosen: string | null;
  order_json: string;
  reason: string;
}

export const toQualification = (raw: RawQualification): QualificationRecord => ({
  id: raw.id,
  route: raw.route,
  createdAt: raw.created_at,
  runId: raw.run_id,
  suitePath: raw.suite_path,
  suiteHash: raw.suite_hash,
  rule: JSON.parse(raw.rule_json) as QualificationRule,
  priceTableVersion: raw.price_table_version,
  targets: JSON.parse(raw.targets_json) as QualifiedTarget[],
  candidates: JSON.parse(raw.candidates_json) as QualificationCandidate[],
  chosen: raw.chosen,
  order: JSON.parse(raw.order_json) as string[],
  reason: raw.reason,
});
