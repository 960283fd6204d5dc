import { describe, expect, it } from 'vitest';
import { isPromptfooConfig } from './load-suite-or-promptfoo.js';

describe('telling a promptfoo config from a yardstick suite', () => {
  it('knows promptfoo configs by name', () => {
    expect(isPromptfooConfig('/p/promptfooconfig.yaml', 'anything')).toBe(true);
    expect(isPromptfooConfig('/p/promptfooconfig.smoke.yml', '')).toBe(true);
    expect(isPromptfooConfig('/p/promptfooconfig.json', '')).toBe(true);
  });

  it('knows them by shape: providers (or targets) and prompts, and no models', () => {
    expect(
      isPromptfooConfig('/p/evals.yaml', 'description: x\nprompts:\n  - hi\nproviders:\n  - openai:gpt-4o\n'),
    ).toBe(true);
    expect(isPromptfooConfig('/p/evals.yaml', 'prompts: [hi]\ntargets: [openai:gpt-4o]\n')).toBe(true);
    expect(isPromptfooConfig('/p/evals.json', '{"prompts": ["hi"], "providers": ["openai:gpt-4o"]}')).toBe(
      true,
    );
  });

  it('leaves yardstick suites alone, even one whose tests mention providers', () => {
    const suite = 'name: s\nprompts: [hi]\nmodels: [openai:gpt-4o]\ntests:\n  - vars: { providers: x }\n';
    expect(isPromptfooConfig('/p/suite.yaml', suite)).toBe(false);
    expect(
      isPromptfooConfig('/p/suite.yaml', 'prompts: [hi]\nmodels: [openai:gpt-4o]\nproviders: []\n'),
    ).toBe(false);
    expect(
      isPromptfooConfig('/p/suite.json', '{"name": "s", "prompts": ["hi"], "models": ["openai:x"]}'),
    ).toBe(false);
    expect(isPromptfooConfig('/p/broken.json', '{"providers": [')).toBe(false);
  });
});
