import { describe, expect, it } from 'vitest';
import { mapProviderId } from './map-provider-id.js';

const idOf = (promptfooId: string): string => {
  const mapped = mapProviderId(promptfooId);
  return mapped.kind === 'model'
    ? mapped.id
    : mapped.kind === 'none'
      ? `none: ${mapped.reason}`
      : `${mapped.kind}: ${mapped.file}`;
};

describe('promptfoo provider ids', () => {
  it.each([
    ['openai:gpt-4o-mini', 'openai:gpt-4o-mini'],
    ['openai:chat:gpt-4o-mini', 'openai:gpt-4o-mini'],
    ['openai:chat:ft:gpt-4o-mini:org:custom:abc', 'openai:ft:gpt-4o-mini:org:custom:abc'],
    ['openai:responses:gpt-5', 'openai:gpt-5'],
    ['anthropic:messages:claude-haiku-4-5', 'anthropic:claude-haiku-4-5'],
    ['anthropic:claude-sonnet-4-5', 'anthropic:claude-sonnet-4-5'],
    ['google:gemini-2.5-flash', 'google:gemini-2.5-flash'],
    ['vertex:gemini-2.5-pro', 'google:gemini-2.5-pro'],
    ['azureopenai:chat:my-deployment', 'azure:my-deployment'],
    ['azure:chat:my-deployment', 'azure:my-deployment'],
    ['azure:my-deployment', 'azure:my-deployment'],
    ['bedrock:anthropic.claude-3-haiku-20240307-v1:0', 'bedrock:anthropic.claude-3-haiku-20240307-v1:0'],
    ['bedrock:converse:amazon.nova-lite-v1:0', 'bedrock:amazon.nova-lite-v1:0'],
    ['ollama:chat:llama3.1:8b', 'ollama:llama3.1:8b'],
    ['togetherai:meta-llama/Llama-3-8b-chat-hf', 'together:meta-llama/Llama-3-8b-chat-hf'],
    ['mistral:mistral-large-latest', 'mistral:mistral-large-latest'],
    ['file://providers/echo.js', 'javascript: providers/echo.js'],
    ['file://providers.yaml', 'file: providers.yaml'],
  ])('maps %s to %s', (promptfooId, expected) => {
    expect(idOf(promptfooId)).toBe(expected);
  });

  it.each([
    ['openai:embedding:text-embedding-3-small', 'uses the embedding API'],
    ['openai:completion:gpt-3.5-turbo-instruct', 'uses the completion API'],
    ['anthropic:completion:claude-2', 'legacy completion API'],
    ['azure:embedding:emb', 'uses the Azure embedding API'],
    ['bedrock:agents:abc', "uses Bedrock's agents API"],
    ['python:provider.py', 'has no yardstick equivalent'],
    ['exec:./run.sh', 'has no yardstick equivalent'],
    ['https://example.com/api', 'has no yardstick equivalent'],
    ['file://provider.ts', 'is TypeScript'],
    ['echo', 'has no yardstick equivalent'],
  ])('names why %s has no equivalent', (promptfooId, reason) => {
    expect(idOf(promptfooId)).toContain(reason);
  });

  it('says what an approximated id changes', () => {
    expect(mapProviderId('vertex:gemini-2.5-pro')).toMatchObject({
      approximation: expect.stringContaining('Gemini API'),
    });
    expect(mapProviderId('ollama:llama3')).toMatchObject({
      approximation: expect.stringContaining('completion API'),
    });
  });
});
