// `--threshold` holds every model that ran to the bar on its own pass rate, so a weak model cannot hide
// behind a strong one in a pooled rate.

// A pass rate summed from fractions can land a hair under the bar it equals (26.999999/30 for 0.9).
const dust = 1e-12;

export const meetsThreshold = (passRate: number, threshold: number): boolean => passRate >= threshold - dust;

/** The rows whose pass rate is below the bar: any one of them makes `eval` exit 1. */
export const rowsBelow = <Row extends { passRate: number }>(rows: readonly Row[], threshold: number): Row[] =>
  rows.filter((row) => !meetsThreshold(row.passRate, threshold));
