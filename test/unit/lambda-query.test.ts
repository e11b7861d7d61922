import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpHandler } from '../../shared/http/middleware';

/** The query a route sees for an API Gateway (payload v2) event. */
async function queryFor(rawQueryString: string, queryStringParameters?: Record<string, string>) {
  process.env.LOG_LEVEL = 'silent';
  const handler = httpHandler({ 'POST /q': async (req) => ({ status: 200, json: req.query }) });
  const event = {
    version: '2.0',
    routeKey: 'POST /q',
    rawPath: '/q',
    rawQueryString,
    queryStringParameters,
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST' }, requestId: 'r' },
  } as unknown as APIGatewayProxyEventV2;
  const result = (await handler(event, {} as Context)) as { body: string };
  return JSON.parse(result.body);
}

const NAME = '广州市天河区教育局2023年报.pdf';

describe('the Lambda path reads the query from rawQueryString', () => {
  it('percent-encoded UTF-8', async () => {
    expect(await queryFor(`filename=${encodeURIComponent(NAME)}&strict=false`)).toEqual({ filename: NAME, strict: 'false' });
  });

  it('raw UTF-8 passed through as characters', async () => {
    expect(await queryFor(`filename=${NAME}`, { filename: NAME })).toEqual({ filename: NAME });
  });

  it('raw UTF-8 bytes that arrive read as Latin-1 are read back as UTF-8', async () => {
    const mojibake = Buffer.from(NAME, 'utf8').toString('latin1');
    expect(await queryFor(`filename=${mojibake}`, { filename: mojibake })).toEqual({ filename: NAME });
  });

  it('real Latin-1 text that is not UTF-8 is left alone; repeated keys join with commas', async () => {
    expect(await queryFor('name=caf%C3%A9&x=d\u00e9j\u00e0&x=2')).toEqual({ name: 'café', x: 'd\u00e9j\u00e0,2' });
  });

  it('an event without rawQueryString falls back to queryStringParameters', async () => {
    expect(await queryFor('', { year: '2021' })).toEqual({ year: '2021' });
  });
});
