// Adds what a run's options ask for to its summary: spend projected to the user's volume, and the recommendation.
import { projectCost, type Volume } from './project-cost.js';
import { recommendModel } from './recommend-model.js';
import type { RunSummary } from './run-summary.js';
import { meetsThreshold } from './threshold.js';

export interface DecisionOptions {
  volume?: Volume;
  /** With a threshold, mark each model against it and name the cheapest model credibly at least this good. */
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
      const verdict =
        threshold === undefined ? {} : { meetsThreshold: meetsThreshold(row.passRate, threshold) };
      if (!volume) return { ...row, ...verdict };
      const projected = projectCost(row, volume);
      const savingPerDayUsd =
        projected.perDayUsd !== null && referenceCost !== null ? referenceCost - projected.perDayUsd : null;
      return { ...row, ...verdict, projected: { ...projected, savingPerDayUsd } };
    }),
    ...(threshold !== undefined
      ? { threshold, recommendation: recommendModel(summary.summary, threshold) }
      : {}),
  };
};
