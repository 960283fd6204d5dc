// Checks before any call is made: every prompt renders with every test's vars, and model-graded assertions have a grader.
import { YardstickError } from '../spec/errors.js';
import { renderMessages } from '../suite/render-template.js';
import type { Suite } from '../suite/suite-types.js';

const relative = (file: string, suite: Suite): string =>
  file.startsWith(suite.dir) ? file.slice(suite.dir.length + 1) : file;

export const validatePlan = (suite: Suite): void => {
  const problems: string[] = [];
  for (const test of suite.tests) {
    for (const prompt of test.messages ? [] : suite.prompts) {
      try {
        renderMessages(prompt.messages, test.vars);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        problems.push(
          `${relative(test.source.file, suite)}:${test.source.line} test "${test.id}", prompt "${prompt.id}": ${message}`,
        );
      }
    }
    for (const assertion of test.assert) {
      if (assertion.type === 'llm-rubric' && !assertion.provider && !suite.judge) {
        problems.push(
          `${relative(test.source.file, suite)}:${test.source.line} test "${test.id}": llm-rubric needs a judge; add \`judge: provider:model\` to the suite or \`provider:\` to the assertion`,
        );
      }
      if (assertion.type === 'similar' && !assertion.provider && !suite.embedding) {
        problems.push(
          `${relative(test.source.file, suite)}:${test.source.line} test "${test.id}": similar needs an embedding model; add \`embedding: provider:model\` to the suite or \`provider:\` to the assertion`,
        );
      }
    }
    if (problems.length >= 10) break;
  }
  if (problems.length > 0) throw new YardstickError('E_SUITE_INVALID', problems.join('\n'));
};
