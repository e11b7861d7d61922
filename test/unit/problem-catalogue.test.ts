import { describe, expect, it } from 'vitest';
import { AppError, unavailable } from '../../shared/archive/errors';
import { parseProblem } from '../../shared/archive/parse-problems';
import { PROBLEMS } from '../../shared/archive/problem-catalogue';
import { answerOf } from '../../shared/http/problems';

describe('the problem catalogue', () => {
  it('gives every problem a 4xx/5xx status, an English and a Chinese title', () => {
    for (const [slug, p] of Object.entries(PROBLEMS)) {
      expect(p.status, slug).toBeGreaterThanOrEqual(400);
      expect(p.status, slug).toBeLessThan(600);
      expect(p.title, slug).toMatch(/^[A-Z]/);
      expect(p.zh, slug).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers a fixed wait from the catalogue, whoever raised the problem', () => {
    expect(answerOf(unavailable())).toEqual({ status: 503, title: 'Service unavailable', zh: '存储服务暂时不可用', headers: { 'retry-after': '2' } });
    expect(answerOf(parseProblem({ code: 'BUSY', message: '繁忙' }))).toMatchObject({ status: 503, headers: { 'retry-after': '2' } });
    expect(answerOf(new AppError('unavailable', '正在同时更新'))).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect(answerOf(new AppError('version-conflict', '同时上传', { year: 2021 })).headers).toEqual({ 'retry-after': '1' });
  });

  it("lets a limit's own wait stand over none, and adds no header where the catalogue has none", () => {
    expect(answerOf(new AppError('too-many-uploads', '上限', {}, { 'retry-after': '1800' }))).toEqual({
      status: 429,
      title: 'Too many uploads',
      zh: '上传次数过多',
      headers: { 'retry-after': '1800' },
    });
    expect(answerOf(new AppError('not-found', '没有找到')).headers).toEqual({});
  });

  it('gives a parser refusal the title of its slug, the same as a route raising it', () => {
    expect(answerOf(parseProblem({ code: 'EMPTY', message: '空' })).title).toBe('Empty body');
    expect(answerOf(parseProblem({ code: 'TOO_LARGE', message: '大' })).title).toBe('Payload too large');
    expect(parseProblem({ code: 'SOMETHING_NEW', message: '?' }).slug).toBe('not-a-report');
  });
});
