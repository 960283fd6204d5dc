// The comparison in the terminal: the counts, the difference with its interval, the verdict, then the regressed cases.

import type { Comparison } from '../../scorecard/compare-sides.js';
import type { PairedCase } from '../../scorecard/pair-cases.js';
import { terminalStyles as pc } from '../../spec/terminal-text.js';

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const maxShown = 20;
const oneLine = (text: string, length = 160): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
};

const renderCase = (item: PairedCase, repeats: boolean): string[] => {
  const fractions = repeats
    ? ` (${percent(item.baselinePass)} → ${percent(item.candidatePass)} of repeats)`
    : '';
  const lines = [`  ${pc.red('✗')} ${item.caseId}${fractions}`];
  lines.push(`      baseline:  ${oneLine(item.baseline.output) || pc.dim('(empty)')}`);
  lines.push(`      candidate: ${oneLine(item.candidate.output) || pc.dim('(empty)')}`);
  for (const reason of item.candidate.reasons.slice(0, 3))
    lines.push(`      ${pc.dim('why:')} ${oneLine(reason)}`);
  return lines;
};

export const renderComparison = (comparison: Comparison): string => {
  const out: string[] = [];
  const { baseline, candidate } = comparison;
  out.push('');
  out.push(
    `${pc.bold('baseline')}  ${baseline.label} (${baseline.model})  ${percent(comparison.baselinePassRate)}`,
  );
  out.push(
    `${pc.bold('candidate')} ${candidate.label} (${candidate.model})  ${percent(comparison.candidatePassRate)}`,
  );
  const unchanged = comparison.repeats ? `, ${comparison.unchanged} unchanged` : '';
  out.push(
    `${comparison.pairs} paired cases${comparison.repeats ? ' (pass fraction over repeats)' : ''}: ` +
      `${comparison.regressed} regressed, ${comparison.fixed} fixed${unchanged}, ${comparison.stillFailing} still failing, ${comparison.stillPassing} still passing`,
  );
  const { baselineOnly, candidateOnly } = comparison.unpaired;
  if (baselineOnly + candidateOnly > 0) {
    out.push(
      pc.yellow(
        `not compared: ${baselineOnly} case(s) only in the baseline, ${candidateOnly} only in the candidate`,
      ),
    );
  }
  const regressed = comparison.cases.filter((item) => item.status === 'regressed');
  if (regressed.length > 0) {
    out.push('');
    out.push(pc.bold(`regressed (${regressed.length}):`));
    for (const item of regressed.slice(0, maxShown)) out.push(...renderCase(item, comparison.repeats));
    if (regressed.length > maxShown)
      out.push(pc.dim(`  … and ${regressed.length - maxShown} more (see --output compare.json)`));
  }
  out.push('');
  out.push(comparison.decision === 'pass' ? pc.green(comparison.reason) : pc.red(comparison.reason));
  return `${out.join('\n')}\n`;
};
