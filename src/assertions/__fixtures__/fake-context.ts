// A fake AssertionContext for tests: no judge, no embedder, unless a test supplies one.
import type { AssertionContext } from '../assertion-context.js';

export const fakeContext = (overrides: Partial<AssertionContext> = {}): AssertionContext => ({
  output: '',
  toolCalls: [],
  latencyMs: 100,
  costUsd: 0.001,
  vars: {},
  testId: 'test-1',
  model: 'openai:gpt-4o-mini',
  baseDir: import.meta.dirname,
  callJudge: () => Promise.reject(new Error('no judge in this test')),
  embed: () => Promise.reject(new Error('no embedder in this test')),
  ...overrides,
});
