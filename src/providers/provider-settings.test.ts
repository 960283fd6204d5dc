import { describe, expect, it } from 'vitest';
import { joinUrl } from './provider-settings.js';

describe('joinUrl', () => {
  it('appends the path after trimming trailing slashes', () => {
    expect(joinUrl('https://api.openai.com/v1/', '/chat/completions')).toBe(
      'https://api.openai.com/v1/chat/completions',
    );
  });

  it('keeps a query string of the base URL after the path', () => {
    expect(
      joinUrl('https://acme.openai.azure.com/openai/deployments/d?api-version=2024-10-21', '/embeddings'),
    ).toBe('https://acme.openai.azure.com/openai/deployments/d/embeddings?api-version=2024-10-21');
  });

  it('merges the query of the path with the one of the base URL', () => {
    expect(joinUrl('http://127.0.0.1:9/v1beta?tenant=a', '/models/g:streamGenerateContent?alt=sse')).toBe(
      'http://127.0.0.1:9/v1beta/models/g:streamGenerateContent?alt=sse&tenant=a',
    );
  });
});
