import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { PROBLEMS } from '../../shared/archive/problem-catalogue';
import { sitePageOf } from '../../functions/routes/site';
import { httpHandler } from '../../shared/http/middleware';

const event = {
  version: '2.0',
  routeKey: 'POST /x',
  rawPath: '/x',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: { http: { method: 'POST' }, requestId: 'r1' },
} as unknown as APIGatewayProxyEventV2;

/** A request still working when Lambda's time runs out answers 503 to send again, not a 500 of a bug. */
describe('a request that runs out of time', () => {
  it('is a 503 timed-out with its Retry-After and a Chinese message that says resending is safe', async () => {
    process.env.LOG_LEVEL = 'silent';
    // The handler waits on storage that never answers; 50 ms are left of the function's time.
    const handler = httpHandler({ 'POST /x': () => new Promise(() => {}) });
    const result = await handler(event, { getRemainingTimeInMillis: () => 50 } as Context);
    const answer = typeof result === 'string' ? JSON.parse(result) : result;
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe(String(PROBLEMS['timed-out'].retryAfter));
    const problem = JSON.parse(answer.body);
    expect(problem).toMatchObject({ type: 'urn:gongkai:problem:timed-out', status: 503, title: 'Timed out' });
    expect(problem.detail).toContain('不会再产生新的版本');
  });

  it('an error of the same name thrown by the handler itself is still a 500 that says nothing', async () => {
    const own = new Error('mine');
    own.name = 'TimeoutError';
    const handler = httpHandler({ 'POST /x': async () => Promise.reject(own) });
    const answer = await handler(event, { getRemainingTimeInMillis: () => 30_000 } as Context);
    const r = typeof answer === 'string' ? JSON.parse(answer) : answer;
    expect(r.statusCode).toBe(500);
    expect(JSON.parse(r.body).detail).not.toContain('mine');
  });

  it('on the site it is the site’s HTML page, headed 处理超时, with the same status and wait', async () => {
    const handler = httpHandler({ 'POST /x': () => new Promise(() => {}) }, { errorPage: sitePageOf });
    const result = await handler(event, { getRemainingTimeInMillis: () => 50 } as Context);
    const answer = typeof result === 'string' ? JSON.parse(result) : result;
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.headers['retry-after']).toBe(String(PROBLEMS['timed-out'].retryAfter));
    expect(answer.body).toContain(`<h1>${PROBLEMS['timed-out'].zh}</h1>`);
  });
});
