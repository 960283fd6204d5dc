// The committed JSON Schema must be exactly what the zod schema generates; run `npm run schema` after changing it.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  gatewayJsonSchemaPath,
  renderGatewayJsonSchema,
  renderSuiteJsonSchema,
  suiteJsonSchemaPath,
} from './write-json-schemas.js';

describe('schema/suite.schema.json', () => {
  it('matches the zod schema (run `npm run schema` if this fails)', async () => {
    expect(await readFile(suiteJsonSchemaPath, 'utf8')).toBe(renderSuiteJsonSchema());
  });

  it('schema/gateway.schema.json matches the gateway config schema (run `npm run schema` if this fails)', async () => {
    expect(await readFile(gatewayJsonSchemaPath, 'utf8')).toBe(renderGatewayJsonSchema());
    const schema = JSON.parse(renderGatewayJsonSchema()) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['providers', 'routes', 'tracing']),
    );
  });

  it('describes fields and rejects unknown keys for editors', () => {
    const schema = JSON.parse(renderSuiteJsonSchema()) as {
      additionalProperties: boolean;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.models?.description).toBe('The models to compare.');
  });
});
