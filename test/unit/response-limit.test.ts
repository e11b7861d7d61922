import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { httpHandler } from '../../shared/http/middleware';
import { MAX_RESPONSE_BYTES, type HttpResponse } from '../../shared/http/types';

const event = (routeKey: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey,
    rawPath: '/x',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: routeKey.split(' ')[0] }, requestId: 'r1' },
  }) as unknown as APIGatewayProxyEventV2;

const call = async (response: HttpResponse) => {
  process.env.LOG_LEVEL = 'silent';
  const handler = httpHandler({ 'POST /x': async () => response });
  const result = await handler(event('POST /x'), {} as Context);
  return typeof result === 'string' ? JSON.parse(result) : result;
};

describe('no response exceeds what Lambda can return', () => {
  it('a JSON answer over 6 MB becomes a small 413 problem+json in Chinese', async () => {
    // 2.2 million Chinese characters: 6.6 MB as UTF-8.
    const result = await call({ status: 200, json: { report: { text: '政务公开'.repeat(550_000) } } });
    expect(result.statusCode).toBe(413);
    expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(Buffer.byteLength(result.body)).toBeLessThan(2000);
    const problem = JSON.parse(result.body);
    expect(problem).toMatchObject({ type: 'urn:gongkai:problem:response-too-large', status: 413, limitBytes: MAX_RESPONSE_BYTES });
    expect(problem.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a binary answer counts as the base64 Lambda sends: 4.5 MB of bytes is 6 MB encoded', async () => {
    const result = await call({ status: 200, body: new Uint8Array(4.5 * 1024 * 1024), contentType: 'application/pdf' });
    expect(result.statusCode).toBe(413);
  });

  it('a text answer is measured as Lambda serializes it: its escapes count, a few KB either side of the limit', async () => {
    // Quotes, backslashes and line breaks each take two bytes in the JSON Lambda sends, a control character six.
    const unit = '"\\\n\u0001年'; // 1+1+1+1+3 = 7 bytes as UTF-8, 2+2+2+6+3 = 15 once escaped
    const body = (escapedBytes: number) => unit.repeat(Math.floor(escapedBytes / 15));
    const text = (escapedBytes: number) => call({ status: 200, body: body(escapedBytes), contentType: 'text/plain; charset=utf-8' });
    expect(Buffer.byteLength(body(MAX_RESPONSE_BYTES))).toBeLessThan(MAX_RESPONSE_BYTES / 2);
    expect((await text(MAX_RESPONSE_BYTES + 4096)).statusCode).toBe(413);
    expect((await text(MAX_RESPONSE_BYTES - 4096)).statusCode).toBe(200);
    // Plain ASCII, nothing to escape: its bytes are what count.
    const ascii = (n: number) => call({ status: 200, body: 'a'.repeat(n), contentType: 'text/plain; charset=utf-8' });
    expect((await ascii(MAX_RESPONSE_BYTES - 4096)).statusCode).toBe(200);
    expect((await ascii(MAX_RESPONSE_BYTES + 1)).statusCode).toBe(413);
  });

  it('the answer is measured without serializing it a second time', async () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const result = await call({ status: 200, json: { text: '政务公开'.repeat(100_000) } });
      expect(result.statusCode).toBe(200);
      const whole = stringify.mock.calls.filter(([value]) => typeof value === 'object' && value !== null && 'statusCode' in value);
      expect(whole).toEqual([]);
      // The JSON body itself is serialized once, by the response, and never again.
      expect(stringify.mock.calls.filter(([value]) => typeof value === 'object' && value !== null && 'text' in value)).toHaveLength(1);
    } finally {
      stringify.mockRestore();
    }
  });

  it('an answer under the limit passes untouched', async () => {
    const result = await call({ status: 200, json: { text: '政务公开'.repeat(100_000) } });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).text).toHaveLength(400_000);
  });
});
