// The suite after loading: validated, normalised and expanded; what the runner consumes.
import type { AssertionConfig } from '../spec/assertion.js';
import type { Message, ToolChoice, ToolDefinition } from '../spec/messages.js';
import type { ModelConfig } from '../spec/model-config.js';

export interface Prompt {
  id: string;
  /** Message templates; render them per test with `renderMessages`. */
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

export interface TestSource {
  /** Absolute path of the file the test came from (the suite or a test file). */
  file: string;
  /** 1-based line of the test entry or row. */
  line: number;
}

export interface TestCase {
  /** The given id, else `t-` and 10 hex digits of the hash of its vars and asserts. */
  id: string;
  description?: string;
  /** The test's vars over `defaults.vars`. */
  vars: Record<string, unknown>;
  /** The test's own conversation, sent instead of any prompt's messages (e.g. captured from a trace). */
  messages?: Message[];
  /** The test's assertions followed by `defaults.assert`. */
  assert: AssertionConfig[];
  /** Passes when the weighted score reaches this; absent means every assertion must pass. */
  threshold?: number;
  source: TestSource;
}

export interface Suite {
  name: string;
  description?: string;
  /** Absolute path of the suite file. */
  filePath: string;
  /** Directory of the suite file; relative paths in the suite resolve against it. */
  dir: string;
  prompts: Prompt[];
  models: ModelConfig[];
  judge?: ModelConfig;
  embedding?: ModelConfig;
  tests: TestCase[];
  /** A fixed count, or `auto`: repeat only the cases still uncertain, up to `maxRepeats`. */
  repeat: number | 'auto';
  maxRepeats: number;
  concurrency: number;
  /** sha256 of the normalised suite and its expanded tests, without paths, line numbers or concurrency. */
  hash: string;
}
