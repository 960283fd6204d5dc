import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayFile } from './suite-problem.js';

describe('displayFile', () => {
  it('shows files under the working directory relative to it', () => {
    expect(displayFile(path.join(process.cwd(), 'evals', 'suite.yaml'))).toBe(
      path.join('evals', 'suite.yaml'),
    );
  });
});
