// A test may carry its own conversation (what `yardstick capture` writes): it is loaded as written, replaces the
// prompts' messages, and gives the test its own id; a CSV column that happens to be called `messages` stays a var.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toCallOptions } from '../runner/execute-call.js';
import { loadSuite } from './load-suite.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yardstick-suite-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const suiteWith = (tests: string) =>
  `name: regressions\nprompts: ["Q: {{question}}"]\nmodels: [openai:gpt-4o-mini]\ntests:\n${tests}`;

describe('per-test messages', () => {
  it('loads captured cases from a JSONL file and sends their messages instead of the prompt', async () => {
    const conversation = [
      { role: 'system', content: 'You answer about {{baggage}}.' },
      { role: 'user', content: 'How many bags?' },
    ];
    await writeFile(
      path.join(dir, 'regressions.jsonl'),
      `${JSON.stringify({ id: 'trace-1', vars: { route: 'faq' }, messages: conversation, assert: [{ type: 'contains', value: 'two' }] })}\n` +
        `${JSON.stringify({ messages: [{ role: 'user', content: 'Other?' }] })}\n`,
    );
    await writeFile(
      path.join(dir, 'suite.yaml'),
      suiteWith('  - { vars: { question: a } }\n  - file: regressions.jsonl\n'),
    );
    const suite = await loadSuite(path.join(dir, 'suite.yaml'));
    const [plain, captured, bare] = suite.tests;
    expect(captured?.messages).toEqual(conversation);
    expect(captured?.id).toBe('trace-1');
    expect(bare?.id).toMatch(/^t-[0-9a-f]{10}$/);
    const prompt = suite.prompts[0]!;
    // sent as written: `{{baggage}}` is text of the captured conversation, not a placeholder
    expect(toCallOptions(prompt, captured!, undefined).messages).toEqual(conversation);
    expect(toCallOptions(prompt, plain!, undefined).messages).toEqual([{ role: 'user', content: 'Q: a' }]);
  });

  it('names the field of a malformed message', async () => {
    await writeFile(
      path.join(dir, 'suite.yaml'),
      suiteWith('  - { messages: [{ role: robot, content: hi }] }\n'),
    );
    await expect(loadSuite(path.join(dir, 'suite.yaml'))).rejects.toThrow(/tests\[0\]\.messages\[0\]/);
  });

  it('keeps a CSV column named messages as a var', async () => {
    await writeFile(path.join(dir, 'cases.csv'), 'question,messages\nwhy,three\n');
    await writeFile(path.join(dir, 'suite.yaml'), suiteWith('  - file: cases.csv\n'));
    const suite = await loadSuite(path.join(dir, 'suite.yaml'));
    expect(suite.tests[0]?.vars).toEqual({ question: 'why', messages: 'three' });
    expect(suite.tests[0]?.messages).toBeUndefined();
  });
});
