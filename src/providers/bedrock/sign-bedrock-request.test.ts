// The SigV4 signer against AWS's published Signature Version 4 test suite, and against a verifier that recomputes
// the signature of what actually arrived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../http/post-json.js';
import { checkSigV4 } from '../../testing/check-sigv4.js';
import { type FakeServer, type RecordedRequest, startFakeServer } from '../../testing/fake-server.js';
import { createBedrockSigner } from './sign-bedrock-request.js';

// The credentials, date and scope of AWS's SigV4 test suite (aws-sig-v4-test-suite, "post-vanilla" and
// "post-vanilla-query"), as published in AWS's general reference.
const example = {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  service: 'service',
  now: () => new Date('2015-08-30T12:36:00Z'),
};
const scope = 'Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date';

describe('createBedrockSigner', () => {
  it('signs AWS\'s "post-vanilla" example to its published signature', async () => {
    const { headers, secrets } = await createBedrockSigner(example)({
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: '',
    });
    expect(secrets).toEqual([
      'AKIDEXAMPLE',
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    ]);
    expect(headers).toEqual({
      authorization: `AWS4-HMAC-SHA256 ${scope}, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
      'x-amz-date': '20150830T123600Z',
    });
  });

  it('signs AWS\'s "post-vanilla-query" example to its published signature', async () => {
    const { headers } = await createBedrockSigner(example)({
      url: 'https://example.amazonaws.com/?Param1=value1',
      headers: {},
      body: '',
    });
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 ${scope}, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11`,
    );
  });

  it('adds and signs the session token of temporary credentials', async () => {
    const { headers, secrets } = await createBedrockSigner({
      ...example,
      credentials: { ...example.credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLE' },
    })({ url: 'https://example.amazonaws.com/', headers: {}, body: '' });
    expect(headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
    expect(secrets).toContain('FwoGZXIvYXdzEXAMPLE');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});

describe('a signed request as it arrives', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer({ status: 200, json: {} });
  });
  afterAll(() => server.close());

  const credentials = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  };
  const send = async (body: unknown, path = '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse') => {
    await postJson({
      url: `${server.url}${path}`,
      headers: { 'x-team': 'evals' },
      body,
      sign: createBedrockSigner({ credentials, region: 'eu-west-1' }),
    });
    return server.requests.at(-1) as RecordedRequest;
  };

  it('verifies when recomputed from the bytes, headers and path the server received', async () => {
    const request = await send({ messages: [{ role: 'user', content: [{ text: 'Grüße 🚀' }] }] });
    expect(request.headers.authorization).toMatch(/SignedHeaders=content-type;host;x-amz-date;x-team,/);
    expect(await checkSigV4(request, { credentials, region: 'eu-west-1' })).toBeUndefined();
  });

  it('fails verification when the body, a signed header or the secret differs', async () => {
    const request = await send({ n: 1 });
    expect(await checkSigV4({ ...request, rawBody: '{"n":2}' }, { credentials, region: 'eu-west-1' })).toBe(
      'the signature does not match',
    );
    const tampered = { ...request, headers: { ...request.headers, 'x-team': 'other' } };
    expect(await checkSigV4(tampered, { credentials, region: 'eu-west-1' })).toBe(
      'the signature does not match',
    );
    const wrongSecret = { ...credentials, secretAccessKey: 'another-secret-key' };
    expect(await checkSigV4(request, { credentials: wrongSecret, region: 'eu-west-1' })).toBe(
      'the signature does not match',
    );
    expect(await checkSigV4(request, { credentials, region: 'us-east-1' })).toBe('scope eu-west-1/bedrock');
  });
});
