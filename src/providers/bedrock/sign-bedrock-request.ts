// SigV4 for Bedrock with AWS's own signer (@smithy/signature-v4 and @aws-crypto/sha256-js), never hand-written
// crypto: the request is signed as it will be sent, with a fresh date on every attempt.
// Both are loaded when a signer is made, not with the providers: most runs never sign a request, and the two cost
// every command about 15 MB of memory and 40 ms at start. Their CommonJS builds are what Node loads either way.
import { createRequire } from 'node:module';
import type { SignableRequest, SignedHeaders } from '../../http/send-post.js';
import type { AwsCredentials } from './aws-credentials.js';

export const bedrockSigningService = 'bedrock';

/** The headers the signer adds; everything else of the request is sent as it was signed. */
const signatureHeaders = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

export interface SigningOptions {
  credentials: AwsCredentials;
  region: string;
  service?: string;
  /** For tests against published vectors; defaults to now. */
  now?: () => Date;
}

/**
 * A `sign` hook for postJson / postEventStream.
 * @example postJson({ url, body, sign: createBedrockSigner({ credentials, region: 'us-east-1' }) })
 */
export const createBedrockSigner = ({
  credentials,
  region,
  service = bedrockSigningService,
  now = () => new Date(),
}: SigningOptions) => {
  const require = createRequire(import.meta.url);
  const { Sha256 } = require('@aws-crypto/sha256-js') as typeof import('@aws-crypto/sha256-js');
  const { SignatureV4 } = require('@smithy/signature-v4') as typeof import('@smithy/signature-v4');
  // no x-amz-content-sha256 header: only S3 needs it, and without it the signature matches AWS's published examples
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
  return async (request: SignableRequest): Promise<SignedHeaders> => {
    const url = new URL(request.url);
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port === '' ? {} : { port: Number(url.port) }),
        // the path as it goes on the wire (percent-encoded); the signer encodes it once more, as AWS expects
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        // node sends this same Host header (the port only when it is not the default)
        headers: { ...request.headers, host: url.host },
        body: request.body,
      },
      { signingDate: now() },
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) {
      if (signatureHeaders.includes(name.toLowerCase())) headers[name] = value;
    }
    const signature = /Signature=([0-9a-f]+)/.exec(headers.authorization ?? '')?.[1];
    // the header's words (AWS4-HMAC-SHA256, Credential, Signature) are public; these values are not
    const secrets = [credentials.accessKeyId, credentials.sessionToken, signature].filter(
      (value): value is string => value !== undefined,
    );
    return { headers, secrets };
  };
};
