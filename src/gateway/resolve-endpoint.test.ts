import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from './resolve-endpoint.js';
import { anthropicMessagesWire } from './wire/anthropic-messages-wire.js';
import { openaiChatWire } from './wire/openai-chat-wire.js';
import { openaiEmbeddingsWire } from './wire/openai-embeddings-wire.js';

describe('resolveEndpoint', () => {
  it('serves the exact path with its method, in the error shape of its family', async () => {
    expect(resolveEndpoint('POST', '/v1/messages')).toMatchObject({
      kind: 'wire',
      wire: anthropicMessagesWire,
      errors: anthropicMessagesWire,
    });
    expect(resolveEndpoint('POST', '/v1/chat/completions')).toMatchObject({
      kind: 'wire',
      wire: openaiChatWire,
      errors: openaiChatWire,
    });
    expect(resolveEndpoint('POST', '/v1/embeddings')).toMatchObject({ wire: openaiEmbeddingsWire });
    expect(resolveEndpoint('GET', '/readyz')).toMatchObject({ kind: 'ready' });
  });

  it('says which path was meant when one was misspelt with a trailing slash or percent-encoding', async () => {
    expect(resolveEndpoint('POST', '/v1/chat/completions/')).toMatchObject({
      status: 404,
      message: 'no endpoint POST /v1/chat/completions/; did you mean POST /v1/chat/completions?',
      errors: openaiChatWire,
    });
    expect(resolveEndpoint('POST', '/v1%2Fmessages')).toMatchObject({
      status: 404,
      message: 'no endpoint POST /v1%2Fmessages; did you mean POST /v1/messages?',
      errors: anthropicMessagesWire,
    });
  });

  it('keeps a path that is not valid percent-encoding as sent', async () => {
    expect(resolveEndpoint('POST', '/v1/messages%E0%A4%A')).toMatchObject({
      status: 404,
      errors: anthropicMessagesWire,
    });
  });
});
