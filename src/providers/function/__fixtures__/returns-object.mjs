// A system under test that reports usage, cost and a tool call, exported as `call`.
let loads = 0;
loads++;
export const loadCount = () => loads;
export async function call({ messages, options }) {
  return {
    output: `${messages.length} messages, maxTokens=${options.maxTokens}`,
    toolCalls: [{ name: 'lookup', arguments: { id: 7 } }],
    usage: { inputTokens: 11, outputTokens: 3 },
    costUsd: 0.0042,
  };
}
