// What `yardstick eval` runs: a yardstick suite, or a promptfoo config (known by its name, or by `providers` and
// `prompts` without `models`) imported in memory, exactly as `import promptfoo` would write it, then loaded.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSuite, loadSuiteText } from '../../suite/load-suite.js';
import type { Suite } from '../../suite/suite-types.js';
import { formatNotes } from './import-notes.js';
import { importPromptfoo } from './import-promptfoo.js';
import { adapterPlacer, writeAdapters } from './write-adapters.js';
import { writeSuiteYaml } from './write-suite-yaml.js';

const promptfooName = /^promptfooconfig([.-][^/\\]*)?\.(ya?ml|json)$/i;

/** Whether a file is a promptfoo config rather than a yardstick suite. */
export const isPromptfooConfig = (filePath: string, content: string): boolean => {
  if (promptfooName.test(path.basename(filePath))) return true;
  const trimmed = content.trimStart();
  let keys: string[];
  if (trimmed.startsWith('{')) {
    if (!content.includes('"providers"') && !content.includes('"targets"')) return false;
    try {
      keys = Object.keys(JSON.parse(content) as object);
    } catch {
      return false;
    }
  } else keys = [...content.matchAll(/^([A-Za-z_$][\w$-]*)\s*:/gm)].map((match) => match[1] ?? '');
  return (
    (keys.includes('providers') || keys.includes('targets')) &&
    keys.includes('prompts') &&
    !keys.includes('models')
  );
};

export interface LoadOptions {
  /** Where adapters for promptfoo's JavaScript providers are written. */
  adapterDir: string;
  /** Receives the left-out list and a summary, for stderr. */
  report(text: string): void;
}

export const loadSuiteOrPromptfoo = async (suitePath: string, options: LoadOptions): Promise<Suite> => {
  const filePath = path.resolve(suitePath);
  let content: string;
  try {
    content = await readFile(filePath, 'utf8');
  } catch {
    // the usual message for a path that cannot be read
    return loadSuite(suitePath);
  }
  if (!isPromptfooConfig(filePath, content)) return loadSuiteText(filePath, content);
  const suiteDir = path.dirname(filePath);
  const result = await importPromptfoo({
    configPath: filePath,
    suiteDir,
    placeAdapter: adapterPlacer(options.adapterDir, suiteDir),
  });
  writeAdapters(result.adapters);
  const leftOut = result.notes.filter((note) => note.kind === 'left-out').length;
  options.report(
    `${formatNotes(result.notes)}promptfoo config imported: ${leftOut} left out, ${result.notes.length - leftOut} approximated; \`yardstick import promptfoo ${suitePath} -o suite.yaml\` writes the suite to read\n`,
  );
  return loadSuiteText(filePath, writeSuiteYaml(result, filePath, suiteDir));
};
