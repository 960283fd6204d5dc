import { describe, expect, it } from 'vitest';
import { sendPost } from './send-post.js';

describe('sendPost', () => {
  it('refuses a file: URL as a configuration error, never a network error to retry', async () => {
    await expect(sendPost({ url: 'file:///etc/passwd', body: {} })).rejects.toMatchObject({
      code: 'E_CONFIG',
      retryable: false,
    });
  });

  it('refuses headers the HTTP client manages itself as a configuration error, not a network error to retry', async () => {
    for (const name of ['keep-alive', 'transfer-encoding', 'upgrade', 'expect']) {
      await expect(
        sendPost({ url: 'http://127.0.0.1:9/v1/chat/completions', headers: { [name]: 'x' }, body: {} }),
        name,
      ).rejects.toMatchObject({ code: 'E_CONFIG', retryable: false });
    }
  });

  it('refuses a header value with CR/LF as a configuration error, without echoing the value', async () => {
    const error = await sendPost({
      url: 'http://127.0.0.1:9/v1/chat/completions',
      headers: { 'x-team': 'sk-secret-value\r\nX-Evil: 1' },
      body: {},
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_CONFIG', retryable: false });
    expect(String((error as Error).message)).not.toContain('sk-secret-value');
  });
});
