// Writes schema/suite.schema.json and schema/gateway.schema.json from the zod schemas (`npm run schema`), so
// editors can complete and check suites and gateway configs.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { gatewayConfigSchema } from '../gateway/gateway-config.js';
import { suiteSchema } from '../suite/suite-schema.js';

export const suiteJsonSchemaPath = fileURLToPath(new URL('../../schema/suite.schema.json', import.meta.url));
export const gatewayJsonSchemaPath = fileURLToPath(
  new URL('../../schema/gateway.schema.json', import.meta.url),
);

/** The JSON Schema of a file as written (the input side of the zod schema), as the committed text. */
const render = (schema: z.ZodType): string =>
  `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }), null, 2)}\n`;

export const renderSuiteJsonSchema = (): string => render(suiteSchema);
export const renderGatewayJsonSchema = (): string => render(gatewayConfigSchema);

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  for (const [file, text] of [
    [suiteJsonSchemaPath, renderSuiteJsonSchema()],
    [gatewayJsonSchemaPath, renderGatewayJsonSchema()],
  ] as const) {
    await writeFile(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
