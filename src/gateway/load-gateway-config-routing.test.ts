// gateway.yaml's routing settings: `policy`, `qualify` and `cascade`, and the errors a wrong one gives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isYardstickError } from '../spec/errors.js';
import { loadGatewayConfig } from './load-gateway-config.js';

const write = (text: string): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-routing-')), 'gateway.yaml');
  writeFileSync(file, text);
  return file;
};

const failure = async (text: string): Promise<string> => {
  try {
    await loadGatewayConfig(write(text));
  } catch (error) {
    if (isYardstickError(error) && error.code === 'E_GATEWAY_CONFIG') return error.message;
    throw error;
  }
  throw new Error('expected the config to be refused');
};

const route = (lines: string): string => `routes:
  faq:
${lines}
    targets:
      - { model: openai:gpt-4o }
      - { model: openai:gpt-4o-mini, price: { input: 0.15, output: 0.6 } }
`;

describe('routing settings in gateway.yaml', () => {
  it('reads a cheapest-passing route, its suite relative to the config file, and a cascade', async () => {
    const file = write(
      route(`    policy: cheapest-passing
    qualify: { suite: suites/faq.yaml, minPassRate: 0.9 }
    cascade: { assert: [ { type: is-json } ] }`),
    );
    const loaded = await loadGatewayConfig(file);
    const faq = loaded.routes.get('faq');
    expect(faq?.policy).toBe('cheapest-passing');
    expect(faq?.qualify).toEqual({
      suite: path.join(path.dirname(file), 'suites/faq.yaml'),
      minPassRate: 0.9,
      repeat: 1,
    });
    expect(faq?.cascade?.assert).toEqual([{ type: 'is-json' }]);
  });

  it('gives a route without policy the one its mode names', async () => {
    const loaded = await loadGatewayConfig(
      write(`routes:
  a: { targets: [ { model: openai:gpt-4o } ] }
  b: { mode: loadbalance, targets: [ { model: openai:gpt-4o } ] }
`),
    );
    expect(loaded.routes.get('a')?.policy).toBe('ordered');
    expect(loaded.routes.get('b')?.policy).toBe('loadbalance');
  });

  it('refuses cheapest-passing without qualify, naming the field and what to add', async () => {
    const message = await failure(route('    policy: cheapest-passing'));
    expect(message).toMatch(/gateway\.yaml:3:13 routes\.faq\.policy: policy: cheapest-passing needs qualify/);
  });

  it('refuses a rule that is neither or both, and a reference that is not a target', async () => {
    expect(await failure(route('    policy: cheapest-passing\n    qualify: { suite: s.yaml }'))).toMatch(
      /routes\.faq\.qualify: qualify needs minPassRate/,
    );
    expect(
      await failure(
        route(
          '    policy: cheapest-passing\n    qualify: { suite: s.yaml, minPassRate: 0.9, reference: openai:gpt-4o, maxDrop: 0.02 }',
        ),
      ),
    ).toMatch(/qualify\.reference: give minPassRate or reference with maxDrop, not both/);
    const message = await failure(
      route('    policy: cheapest-passing\n    qualify: { suite: s.yaml, reference: openai:gpt4o }'),
    );
    expect(message).toMatch(/reference needs maxDrop/);
    expect(message).toMatch(/"openai:gpt4o" is not a target of this route; did you mean "openai:gpt-4o"\?/);
  });

  it('refuses a model-graded or code check in a cascade at load, saying where it belongs', async () => {
    const message = await failure(
      route(`    policy: cheapest-passing
    qualify: { suite: s.yaml, minPassRate: 0.9 }
    cascade:
      assert:
        - { type: is-json }
        - { type: llm-rubric, value: polite }`),
    );
    expect(message).toMatch(
      /gateway\.yaml:8:19 routes\.faq\.cascade\.assert\.1\.type: llm-rubric is graded by a model.*keep llm-rubric in the qualify suite/,
    );
  });

  it('refuses qualify and cascade on a route of another policy, and a mode that disagrees', async () => {
    expect(await failure(route('    qualify: { suite: s.yaml, minPassRate: 0.9 }'))).toMatch(
      /routes\.faq\.qualify: qualify is read only with policy: cheapest-passing/,
    );
    expect(
      await failure(
        route(
          '    mode: loadbalance\n    policy: cheapest-passing\n    qualify: { suite: s.yaml, minPassRate: 0.9 }',
        ),
      ),
    ).toMatch(/routes\.faq\.mode: mode: loadbalance and policy: cheapest-passing disagree/);
    expect(await failure(route('    policy: cheapest-pasing'))).toMatch(/routes\.faq\.policy/);
  });

  it('refuses a weight on a cheapest-passing route, whose record orders the targets', async () => {
    const message = await failure(`routes:
  faq:
    policy: cheapest-passing
    qualify: { suite: s.yaml, minPassRate: 0.9 }
    targets: [ { model: openai:gpt-4o, weight: 2 } ]
`);
    expect(message).toMatch(
      /routes\.faq\.targets\.0\.weight: a cheapest-passing route serves its targets in the order of its qualification record; remove the weight/,
    );
  });
});
