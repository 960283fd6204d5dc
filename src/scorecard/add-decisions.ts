// Adds what a run's options ask for to its summary: spend projected to the user's volume, and the recommendation.
import { projectCost, type Volume } from './project-cost.js';
import { recommendModel } from './recommend-model.js';
import type { RunSummary } from './run-summary.js';

export interface DecisionOptions {
  volume?: Volume;
  /** With a threshold, name the cheapest model credibly at least this good. */
  threshold?: number;
  /** The current model, against which savings are computed (the suite's first model). */
  reference?: string;
}

export const addDecisions = (summary: RunSummary, options: DecisionOptions): RunSummary => {
  const { volume, threshold, reference } = options;
  const referenceRow = summary.summary.find((row) => row.model === reference);
  const referenceCost = referenceRow && volume ? projectCost(referenceRow, volume).perDayUsd : null;
  return {
    ...summary,
    ...(volume
      ? { volume: { perDay: volume.perDay, label: volume.label, reference: reference ?? null } }
      : {}),
    summary: summary.summary.map((row) => {
      if (!volume) return row;
      const projected = projectCost(row, volume);
      const savingPerDayUsd =
        projected.perDayUsd !== null && referenceCost !== null ? referenceCost - projected.perDayUsd : null;
      return { ...row, projected: { ...projected, savingPerDayUsd } };
    }),
    ...(threshold !== undefined ? { recommendation: recommendModel(summary.summary, threshold) } : {}),
  };
};
