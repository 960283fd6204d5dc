import { describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { isJson } from './is-json.js';
import { jsonSchema } from './json-schema.js';

describe('is-json', () => {
  it('passes on JSON and fails with the parse error otherwise', () => {
    expect(isJson({ type: 'is-json' }, fakeContext({ output: ' {"a": 1} ' })).pass).toBe(true);
    const result = isJson({ type: 'is-json' }, fakeContext({ output: '{a: 1}' }));
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/^output is not valid JSON: /);
  });
  it('does not accept a fenced block but says the output is fenced', () => {
    const result = isJson({ type: 'is-json' }, fakeContext({ output: '```json\n{"a": 1}\n```' }));
    expect(result.pass).toBe(false);
    expect(result.reason).toContain('(output is wrapped in a ``` fence)');
  });
});

describe('json-schema', () => {
  const schema = {
    type: 'object',
    properties: { bags: { type: 'integer' }, email: { type: 'string', format: 'email' } },
    required: ['bags', 'email'],
  };

  it('passes on a valid document', () => {
    const result = jsonSchema(
      { type: 'json-schema', value: schema },
      fakeContext({ output: '{"bags":2,"email":"a@b.co"}' }),
    );
    expect(result.pass).toBe(true);
  });
  it('lists every error, formats included', () => {
    const result = jsonSchema(
      { type: 'json-schema', value: schema },
      fakeContext({ output: '{"bags":1.5,"email":"x"}' }),
    );
    expect(result).toMatchObject({ pass: false, score: 0 });
    expect(result.reason).toBe(
      'output does not match the schema: /bags must be integer; /email must match format "email"',
    );
  });
  it('names a missing property at the root', () => {
    const result = jsonSchema(
      { type: 'json-schema', value: schema },
      fakeContext({ output: '{"email":"a@b.co"}' }),
    );
    expect(result.reason).toBe("output does not match the schema: / must have required property 'bags'");
  });
  it('supports 2020-12 schemas', () => {
    const prefixed = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    };
    const context = fakeContext({ output: '[1]' });
    expect(jsonSchema({ type: 'json-schema', value: prefixed }, context).reason).toBe(
      'output does not match the schema: /0 must be string',
    );
  });
  it('fails when the output is not JSON and throws on an invalid schema', () => {
    expect(
      jsonSchema({ type: 'json-schema', value: schema }, fakeContext({ output: 'nope' })).reason,
    ).toMatch(/^output is not valid JSON/);
    const invalid = { type: 'json-schema', value: { type: 'no-such-type' } } as const;
    expect(() => jsonSchema(invalid, fakeContext({ output: '{}' }))).toThrow(/invalid JSON Schema/);
  });
});
