// `yardstick import promptfoo`: writes the yardstick suite equivalent to a promptfoo config, lists on stderr what
// was left out or approximated, and exits 1 when anything was left out.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatNotes } from '../import/promptfoo/import-notes.js';
import { importPromptfoo } from '../import/promptfoo/import-promptfoo.js';
import { adapterPlacer, writeAdapters } from '../import/promptfoo/write-adapters.js';
import { writeSuiteYaml } from '../import/promptfoo/write-suite-yaml.js';
import { YardstickError } from '../spec/errors.js';
import { displayFile } from '../suite/suite-problem.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments } from './parse-arguments.js';

const help = `usage: yardstick import promptfoo <promptfooconfig.yaml> [-o suite.yaml]

Writes the yardstick suite equivalent to a promptfoo config (to stdout without -o). JavaScript
providers get a small adapter module beside the suite. Whatever has no yardstick equivalent is
listed on stderr with its place (file:line:col field) and as comments in the suite, and left out.

  -o, --output <file>   write the suite here instead of to stdout

Exit codes: 0 everything was carried over, 1 something was left out (the suite is still written),
2 the config is malformed or cannot be read. Docs: docs/import.md`;

export const importCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    'import',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  const [source, configArgument, ...extra] = positionals;
  if (source !== 'promptfoo' || configArgument === undefined || extra.length > 0) {
    const got = positionals.length === 0 ? 'nothing' : positionals.join(' ');
    throw new YardstickError('E_CONFIG', `import takes \`promptfoo <config>\`, got ${got}\n\n${help}`);
  }
  const configPath = path.resolve(configArgument);
  const outputPath = values.output === undefined ? undefined : path.resolve(values.output);
  if (outputPath === configPath) {
    throw new YardstickError(
      'E_CONFIG',
      `-o ${values.output} is the promptfoo config itself; write the suite to another file`,
    );
  }
  const suiteDir = outputPath === undefined ? path.dirname(configPath) : path.dirname(outputPath);
  const result = await importPromptfoo({
    configPath,
    suiteDir,
    placeAdapter: adapterPlacer(suiteDir, suiteDir),
  });
  const text = writeSuiteYaml(result, configPath, suiteDir);
  writeAdapters(result.adapters);
  if (outputPath === undefined) process.stdout.write(text);
  else writeFileSync(outputPath, text);
  process.stderr.write(formatNotes(result.notes));
  const leftOut = result.notes.filter((note) => note.kind === 'left-out').length;
  const { suite } = result;
  const where = outputPath === undefined ? 'stdout' : displayFile(outputPath);
  process.stderr.write(
    `imported ${suite.tests.length} tests, ${suite.prompts.length} prompts and ${suite.models.length} models to ${where}; ${leftOut} left out, ${result.notes.length - leftOut} approximated\n`,
  );
  // 1, as for a run below its bar: the suite is written, but not all of the config is in it
  return leftOut > 0 ? ExitCode.belowThreshold : ExitCode.ok;
};
