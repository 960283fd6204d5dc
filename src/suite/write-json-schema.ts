// Writes schema/suite.schema.json from the zod schema (`npm run schema`), so editors can complete and check suites.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { suiteSchema } from './suite-schema.js';

export const suiteJsonSchemaPath = fileURLToPath(new URL('../../schema/suite.schema.json', import.meta.url));

/** The JSON Schema of a suite file as written (the input side of the zod schema), as the committed text. */
export const renderSuiteJsonSchema = (): string => {
  const schema = z.toJSONSchema(suiteSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
};

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  await writeFile(suiteJsonSchemaPath, renderSuiteJsonSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), suiteJsonSchemaPath)}\n`);
}
