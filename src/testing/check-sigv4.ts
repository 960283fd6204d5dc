// Verifies a request's SigV4 signature the way AWS does: recomputes it with AWS's signer from the method, path,
// signed headers and body that arrived, and checks the payload hash when the request sends one.
import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RecordedRequest } from './fake-server.js';

export interface AwsTestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/** Why the request's signature is wrong, or undefined when AWS would accept it. */
export const checkSigV4 = async (
  request: RecordedRequest,
  {
    credentials,
    region,
    service = 'bedrock',
  }: { credentials: AwsTestCredentials; region: string; service?: string },
): Promise<string | undefined> => {
  const match = authorizationPattern.exec(request.headers.authorization ?? '');
  if (match === null) return 'no AWS4-HMAC-SHA256 Authorization header';
  const [, keyId, , scopeRegion, scopeService, signedHeaders = '', signature] = match;
  if (keyId !== credentials.accessKeyId) return `unknown access key ${keyId}`;
  if (scopeRegion !== region || scopeService !== service) return `scope ${scopeRegion}/${scopeService}`;
  const contentHash = request.headers['x-amz-content-sha256'];
  if (
    contentHash !== undefined &&
    contentHash !== createHash('sha256').update(request.rawBody).digest('hex')
  ) {
    return 'the payload hash does not match the body';
  }
  const amzDate = request.headers['x-amz-date'] ?? '';
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (date === null) return 'no x-amz-date';
  const [, year, month, day, hour, minute, second] = date;
  const signingDate = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  const headers = Object.fromEntries(
    signedHeaders.split(';').map((name) => [name, request.headers[name] ?? '']),
  );
  const url = new URL(request.path, `http://${request.headers.host}`);
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: request.rawBody,
    },
    { signingDate },
  );
  return expected.headers.authorization?.endsWith(`Signature=${signature}`)
    ? undefined
    : 'the signature does not match';
};
