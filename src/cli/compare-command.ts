// `yardstick compare <baseline> <candidate>`: paired comparison of two runs (or models, or run files) and the CI gate.
import { writeFileSync } from 'node:fs';
import { loadSide } from '../report/compare/load-side.js';
import { renderComparison } from '../report/compare/render-comparison.js';
import { compareSides } from '../scorecard/compare-sides.js';
import { YardstickError } from '../spec/errors.js';
import { ExitCode } from './exit-codes.js';
import { lazyStore } from './lazy-store.js';
import { parseArguments, parseFraction } from './parse-arguments.js';
import { chooseStore, storeHelp, storeOptions } from './store-location.js';

const help = () => `usage: yardstick compare <baseline> <candidate> [options]

Each side is a run id, <run-id>@<model> for one model of a run, or a run file written by
\`yardstick eval --output run.json\` (run.json@<model> when it holds several models).

The difference in pass rate gets a 95% interval and a one-sided p-value for "worse" from one procedure:
Tango's score interval for cases that pass or fail, the adjusted paired t on per-case pass fractions
with repeats. The gate (default): fail when the interval lies wholly below zero and its lower end is
below −max-drop.

  --max-drop <0..1>          the drop you accept (default 0)
  --require-non-inferiority  instead: pass only when the interval's lower end is at or above −max-drop
  --detect <0..1>            the drop the power statement is about (default: --max-drop, or 0.05)
  --output <file.json>       write the comparison as JSON
  ${storeHelp}

Exit codes: 0 pass, 1 fail, 2 usage or input error.`;

export const compareCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      'max-drop': { type: 'string' },
      'require-non-inferiority': { type: 'boolean' },
      detect: { type: 'string' },
      output: { type: 'string', short: 'o' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'compare',
  );
  if (values.help) {
    process.stdout.write(`${help()}\n`);
    return ExitCode.ok;
  }
  const [baselineSpec, candidateSpec, ...extra] = positionals;
  if (baselineSpec === undefined || candidateSpec === undefined || extra.length > 0) {
    throw new YardstickError('E_CONFIG', `compare takes two sides, a baseline and a candidate\n\n${help()}`);
  }
  if (values.output !== undefined && !values.output.endsWith('.json')) {
    throw new YardstickError(
      'E_CONFIG',
      `--output ${values.output}: compare writes JSON; name the file *.json`,
    );
  }
  const maxDrop = parseFraction(values['max-drop'], '--max-drop') ?? 0;
  const detect = parseFraction(values.detect, '--detect') ?? (maxDrop > 0 ? maxDrop : 0.05);

  const store = lazyStore(chooseStore(values));
  const openOnce = store.get;
  try {
    const baseline = await loadSide(baselineSpec, openOnce);
    const candidate = await loadSide(candidateSpec, openOnce);
    const comparison = compareSides(baseline, candidate, {
      maxDrop,
      requireNonInferiority: values['require-non-inferiority'] === true,
      detect: Math.max(detect, 0.001),
      alpha: 0.05,
    });
    process.stdout.write(renderComparison(comparison));
    if (values.output !== undefined) {
      writeFileSync(values.output, `${JSON.stringify(comparison, null, 2)}\n`);
      process.stderr.write(`wrote ${values.output}\n`);
    }
    return comparison.decision === 'pass' ? ExitCode.ok : ExitCode.belowThreshold;
  } finally {
    await store.close();
  }
};
