// `yardstick plan`: how many cases a comparison needs to detect a given drop with the wanted power, computed
// exactly for the test `compare` uses.
import { loadSide, openSide } from '../report/compare/load-side.js';
import type { ComparisonSide } from '../scorecard/comparison-side.js';
import { pairCases } from '../scorecard/pair-cases.js';
import { YardstickError } from '../spec/errors.js';
import { scoreTestPower, scoreTestSampleSize } from '../stats/score-test-power.js';
import { ExitCode } from './exit-codes.js';
import { type LazyStore, lazyStore } from './lazy-store.js';
import { parseArguments, parseFraction } from './parse-arguments.js';
import { chooseStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick plan --detect <0..1> [--power 0.8] (--discordance <0..1> | --from <side> [--from <side>]) [--json]

How many cases a paired comparison (yardstick compare) needs to find a drop of --detect in pass rate credible
with the given power: the exact power of compare's one-sided score test at the 2.5% level, summed over every
outcome, for cases that pass or fail.

  --detect <0..1>       the drop to detect, e.g. 0.05 for 5 points
  --power <0..1>        the chance of detecting it (default 0.8)
  --discordance <0..1>  the expected share of cases on which the two models disagree (at least --detect:
                        a drop of d needs at least d of the cases to disagree)
  --from <side>         take the disagreement from runs instead: two sides as for compare, or one run
                        with exactly two models
  --json                print { cases, detect, power, achievedPower, discordance, observedDiscordance? }
  ${storeHelp}`;

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

interface Observed {
  share: number;
  pairs: number;
  repeats: boolean;
}

const observedBetween = (baseline: ComparisonSide, candidate: ComparisonSide): Observed => {
  const { cases, repeats } = pairCases(baseline, candidate);
  const disagreeing = cases.filter((item) => item.status === 'regressed' || item.status === 'fixed').length;
  return { share: disagreeing / cases.length, pairs: cases.length, repeats };
};

const observedFrom = async (sides: string[], store: LazyStore): Promise<Observed> => {
  const openOnce = store.get;
  try {
    const [first, second, ...rest] = sides;
    if (first === undefined || rest.length > 0) {
      throw new YardstickError('E_CONFIG', '--from takes one run with two models, or two sides');
    }
    if (second !== undefined) {
      return observedBetween(await loadSide(first, openOnce), await loadSide(second, openOnce));
    }
    const opened = await openSide(first, openOnce);
    const [a, b, ...others] = opened.models;
    if (a === undefined || b === undefined || others.length > 0) {
      throw new YardstickError(
        'E_CONFIG',
        `--from ${first}: give two sides, or a run with exactly two models (it has ${opened.models.length})`,
      );
    }
    return observedBetween(await opened.side(a), await opened.side(b));
  } finally {
    await store.close();
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
      ...storeOptions,
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
  if (power <= 0 || power >= 1)
    throw new YardstickError(
      'E_CONFIG',
      `--power takes a number between 0 and 1 (e.g. 0.8), got "${values.power}"`,
    );
  const given = parseFraction(values.discordance, '--discordance');
  const from = values.from ?? [];
  if (given !== undefined && from.length > 0) {
    throw new YardstickError('E_CONFIG', 'give the disagreement once: --discordance or --from, not both');
  }
  let discordance: number;
  let note = '';
  let observed: number | undefined;
  if (from.length > 0) {
    const seen = await observedFrom(from, lazyStore(chooseStore(values)));
    observed = seen.share;
    // a drop of d needs at least d of the cases to disagree; fewer seen means the runs differ less than that
    discordance = Math.max(seen.share, detect);
    const raised =
      seen.share < detect
        ? `, less than the ${(detect * 100).toFixed(1)}-point drop to detect needs; planning with ${percent(detect)}`
        : '';
    // the plan is for cases run once; with repeats a case disagrees when its pass fraction differs at all
    const repeated = seen.repeats
      ? '; the runs have repeats: a case counted as disagreeing when its pass fraction differed, and compare will use the paired t on fractions, not the test planned here'
      : '';
    note = ` (the two disagreed on ${percent(seen.share)} of ${seen.pairs} cases${raised}${repeated})`;
  } else if (given !== undefined) {
    if (given < detect) {
      throw new YardstickError(
        'E_CONFIG',
        `--discordance ${values.discordance} is below --detect ${values.detect}: a drop of ${(detect * 100).toFixed(1)} points needs the two models to disagree on at least ${percent(detect)} of cases; give --discordance ${detect} or more, or measure it with --from <run>`,
      );
    }
    discordance = given;
  } else {
    throw new YardstickError(
      'E_CONFIG',
      'plan needs the expected disagreement: --discordance 0.1 (the share of cases on which the two models differ), or --from <run>',
    );
  }
  const cases = scoreTestSampleSize({ drop: detect, discordance, power });
  const achievedPower = scoreTestPower({ n: cases, drop: detect, discordance });
  if (values.json) {
    const json = {
      cases,
      detect,
      power,
      achievedPower,
      discordance,
      ...(observed === undefined ? {} : { observedDiscordance: observed }),
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return ExitCode.ok;
  }
  process.stdout.write(
    `To detect a ${(detect * 100).toFixed(1)}-point drop with ${Math.round(power * 100)}% power, when the two models disagree on ` +
      `${percent(discordance)} of cases${note}: ${cases} cases (exact power there: ${percent(achievedPower)}, for the ` +
      'one-sided score test compare uses). Repeats make each case less noisy but do not replace cases.\n',
  );
  return ExitCode.ok;
};
