// Suite texts for the end-to-end tests, pointed at a fake OpenAI-compatible server.
import type { RecordedRequest } from '../../src/testing/fake-server.js';

/** The N of the "number N" question a fake-model suite asks. */
export const numberOf = (request: RecordedRequest): string => {
  const body = request.body as { messages: Array<{ content: string }> };
  return /number (\d+)/.exec(body.messages.at(-1)?.content ?? '')?.[1] ?? '?';
};

export interface FakeModelSuite {
  baseUrl: string;
  cases?: number;
  options?: string;
  extraModels?: string;
  price?: string;
}

/** `cases` tests, each asking about a number and expecting "answer N" back. */
export const fakeModelSuite = ({
  baseUrl,
  cases = 3,
  options = '{ maxRetries: 2, timeoutMs: 5000 }',
  extraModels = '',
  price = '{ input: 1, output: 2 }',
}: FakeModelSuite): string => {
  const tests = Array.from(
    { length: cases },
    (_, index) =>
      `  - id: case-${index}\n    vars: { n: ${index} }\n    assert: [ { type: contains, value: "answer ${index}" } ]`,
  ).join('\n');
  return `name: e2e
prompts:
  - id: ask
    messages:
      - { role: system, content: "Answer with the number." }
      - { role: user, content: "number {{n}}" }
models:
  - id: openai:fake-model
    baseUrl: ${baseUrl}/v1
    apiKeyEnv: FAKE_KEY
    price: ${price}
    options: ${options}
${extraModels}
tests:
${tests}
concurrency: 4
`;
};
