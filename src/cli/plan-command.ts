// `yardstick plan`: how many cases a comparison needs to detect a given drop with the wanted power.

import { loadSide, openSide } from '../report/compare/load-side.js';
import { compareSides } from '../scorecard/compare-sides.js';
import type { ComparisonSide } from '../scorecard/comparison-side.js';
import { YardstickError } from '../spec/errors.js';
import { mcnemarPower, mcnemarSampleSize } from '../stats/mcnemar-power.js';
import { ExitCode } from './exit-codes.js';
import { lazyStore } from './lazy-store.js';
import { parseArguments, parseFraction } from './parse-arguments.js';

const help = `usage: yardstick plan --detect <0..1> [--power 0.8] (--discordance <0..1> | --from <side> [--from <side>]) [--json]

How many cases a paired comparison (yardstick compare) needs to detect a drop of --detect in pass rate
with the given power (two-sided exact McNemar at the 5% level).

  --detect <0..1>       the drop to detect, e.g. 0.05 for 5 points
  --power <0..1>        the chance of detecting it (default 0.8)
  --discordance <0..1>  the expected share of cases on which the two models disagree
  --from <side>         take the disagreement from runs instead: two sides as for compare, or one run
                        with exactly two models
  --json                print { cases, detect, power, discordance }`;

const discordanceOf = (
  baseline: ComparisonSide,
  candidate: ComparisonSide,
): { discordance: number; pairs: number } => {
  const comparison = compareSides(baseline, candidate, {
    maxDrop: 0,
    requireNonInferiority: false,
    detect: 0.05,
    alpha: 0.05,
  });
  return {
    discordance: (comparison.regressed + comparison.fixed) / comparison.pairs,
    pairs: comparison.pairs,
  };
};

const discordanceFrom = (sides: string[], db: string | undefined): { discordance: number; pairs: number } => {
  const store = lazyStore(db);
  const openOnce = store.get;
  try {
    const [first, second, ...rest] = sides;
    if (first === undefined || rest.length > 0) {
      throw new YardstickError('E_CONFIG', '--from takes one run with two models, or two sides');
    }
    if (second !== undefined) return discordanceOf(loadSide(first, openOnce), loadSide(second, openOnce));
    const opened = openSide(first, openOnce);
    const [a, b, ...others] = opened.models;
    if (a === undefined || b === undefined || others.length > 0) {
      throw new YardstickError(
        'E_CONFIG',
        `--from ${first}: give two sides, or a run with exactly two models (it has ${opened.models.length})`,
      );
    }
    return discordanceOf(opened.side(a), opened.side(b));
  } finally {
    store.close();
  }
};

export const planCommand = async (argv: string[]): Promise<number> => {
  const { values } = parseArguments(
    argv,
    {
      detect: { type: 'string' },
      power: { type: 'string' },
      discordance: { type: 'string' },
      from: { type: 'string', multiple: true },
      db: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'plan',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  const detect = parseFraction(values.detect, '--detect');
  if (detect === undefined || detect <= 0)
    throw new YardstickError('E_CONFIG', `plan needs --detect, e.g. --detect 0.05\n\n${help}`);
  const power = parseFraction(values.power, '--power') ?? 0.8;
  let discordance = parseFraction(values.discordance, '--discordance');
  let observed = '';
  if (values.from && values.from.length > 0) {
    const seen = discordanceFrom(values.from, values.db);
    discordance = seen.discordance;
    observed = ` (the two disagreed on ${(seen.discordance * 100).toFixed(1)}% of ${seen.pairs} cases)`;
  }
  if (discordance === undefined) {
    throw new YardstickError(
      'E_CONFIG',
      'plan needs the expected disagreement: --discordance 0.1 (the share of cases on which the two models differ), or --from <run>',
    );
  }
  // a drop of d needs at least d of the cases to disagree; below that the observed share understates it
  const assumed = Math.max(discordance, detect);
  const cases = mcnemarSampleSize({ delta: detect, discordance: assumed, power });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ cases, detect, power, discordance: assumed })}\n`);
    return ExitCode.ok;
  }
  const check = mcnemarPower({ n: cases, delta: detect, discordance: assumed });
  process.stdout.write(
    `To detect a ${(detect * 100).toFixed(1)}-point drop with ${Math.round(power * 100)}% power, when the two models disagree on ` +
      `${(assumed * 100).toFixed(1)}% of cases${observed}: about ${cases} cases (power there: ${(check * 100).toFixed(0)}%). ` +
      'Repeats make each case less noisy but do not replace cases.\n',
  );
  return ExitCode.ok;
};
