import { afterAll, describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { closeCheckThreads } from './check-threads.js';
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
  afterAll(closeCheckThreads);
  const schema = {
    type: 'object',
    properties: { bags: { type: 'integer' }, email: { type: 'string', format: 'email' } },
    required: ['bags', 'email'],
  };

  it('passes on a valid document', async () => {
    const result = await jsonSchema(
      { type: 'json-schema', value: schema },
      fakeContext({ output: '{"bags":2,"email":"a@b.co"}' }),
    );
    expect(result.pass).toBe(true);
  });
  it('lists every error, formats included', async () => {
    const result = await jsonSchema(
      { type: 'json-schema', value: schema },
      fakeContext({ output: '{"bags":1.5,"email":"x"}' }),
    );
    expect(result).toMatchObject({ pass: false, score: 0 });
    expect(result.reason).toBe(
      'output does not match the schema: /bags must be integer; /email must match format "email"',
    );
  });
  it('names a missing property at the root', async () => {
    const result = await jsonSchema(
      { type: 'json-schema', value: schema },
      fakeContext({ output: '{"email":"a@b.co"}' }),
    );
    expect(result.reason).toBe("output does not match the schema: / must have required property 'bags'");
  });
  it('supports 2020-12 schemas', async () => {
    const prefixed = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    };
    const context = fakeContext({ output: '[1]' });
    expect((await jsonSchema({ type: 'json-schema', value: prefixed }, context)).reason).toBe(
      'output does not match the schema: /0 must be string',
    );
  });
  it('fails when the output is not JSON and throws on an invalid schema', async () => {
    expect(
      (await jsonSchema({ type: 'json-schema', value: schema }, fakeContext({ output: 'nope' }))).reason,
    ).toMatch(/^output is not valid JSON/);
    const invalid = { type: 'json-schema', value: { type: 'no-such-type' } } as const;
    await expect(jsonSchema(invalid, fakeContext({ output: '{}' }))).rejects.toThrow(/invalid JSON Schema/);
  });
  it('checks a schema with patterns on a check thread, with the same results', async () => {
    const patterned = {
      type: 'object',
      properties: { ref: { type: 'string', pattern: '^[A-Z0-9]{6}$' } },
      patternProperties: { '^x-': { type: 'integer' } },
    };
    const check = (output: string) =>
      jsonSchema({ type: 'json-schema', value: patterned }, fakeContext({ output }));
    expect(await check('{"ref":"K7P2QX","x-a":1}')).toMatchObject({ pass: true });
    expect((await check('{"ref":"k7","x-a":"no"}')).reason).toBe(
      'output does not match the schema: /ref must match pattern "^[A-Z0-9]{6}$"; /x-a must be integer',
    );
  });
  it('fails a schema whose pattern backtracks for ever at the deadline, without blocking this thread', async () => {
    const hostile = { type: 'string', pattern: '^(a+)+$' };
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 10);
    const check = jsonSchema(
      { type: 'json-schema', value: hostile },
      fakeContext({ output: JSON.stringify(`${'a'.repeat(40)}!`) }),
    );
    await expect(check).rejects.toThrow(/json-schema: validating took longer than 10000 ms; a `pattern`/);
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(100);
  }, 20_000);
});
