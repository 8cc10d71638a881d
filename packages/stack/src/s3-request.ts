// Just enough of an S3 client for `stack up s3` to create its bucket: one
// path-style request signed with AWS Signature Version 4, the way
// @aws-sdk/client-s3 signs it (so the server's SigV4 check is exercised by
// the stack itself). Not a general client: no query strings, no streaming,
// no retries. The services use @aws-sdk/client-s3.
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface S3Response {
  status: number;
  body: string;
  /** <Code> of an S3 error document (NoSuchBucket, SignatureDoesNotMatch, ...), when the body is one. */
  code: string | undefined;
  message: string | undefined;
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** '/bucket/a/b' with every segment encoded, '/' kept: the canonical URI of a path-style request. */
export function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

export interface SignInput {
  method: string;
  /** Host header value, e.g. 127.0.0.1:9000. */
  host: string;
  /** Unencoded path, e.g. /jewelry-models. */
  path: string;
  body: string;
  credentials: S3Credentials;
  date: Date;
}

/** The headers of a SigV4-signed request (host, x-amz-date, x-amz-content-sha256, authorization). */
export function signV4(input: SignInput): Record<string, string> {
  const amzDate = input.date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256Hex(input.body);
  const headers: Record<string, string> = {
    host: input.host,
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': amzDate,
  };
  const signed = Object.keys(headers).sort();
  const canonicalRequest = [
    input.method,
    canonicalPath(input.path),
    '',
    ...signed.map((h) => `${h}:${headers[h]}`),
    '',
    signed.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${input.credentials.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${input.credentials.secretAccessKey}`, day);
  for (const part of [input.credentials.region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
  };
}

function xmlTag(body: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1];
}

/** Sends one signed request to http://host:port/<path> and reads the whole answer. */
export function s3Request(
  endpoint: { host: string; port: number },
  method: string,
  path: string,
  credentials: S3Credentials,
  body = '',
  timeoutMs = 10_000,
): Promise<S3Response> {
  const host = `${endpoint.host}:${endpoint.port}`;
  const headers = signV4({ method, host, path, body, credentials, date: new Date() });
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: endpoint.host,
        port: endpoint.port,
        method,
        path: canonicalPath(path),
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 100_000) text += chunk;
        });
        res.on('end', () =>
          resolvePromise({ status: res.statusCode ?? 0, body: text, code: xmlTag(text, 'Code'), message: xmlTag(text, 'Message') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs}ms: ${method} http://${host}${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}
