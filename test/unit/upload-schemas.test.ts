import { describe, expect, it } from 'vitest';
import { incomingKey, parseIncomingKey } from '../../shared/archive/large-uploads';
import { NewUploadBody, UploadPath } from '../../shared/http/schemas';
import { defined } from '../support/defined';

const ok = { filename: '广州市天河区2023年报.pdf', contentType: 'application/pdf', size: 12_345_678 };

describe('the large-upload announcement', () => {
  it('takes a filename, one media type and a whole number of bytes', () => {
    expect(NewUploadBody.parse(ok)).toEqual(ok);
    // Over 50 MB passes the schema: the use case answers 413 with the limit, not a 400.
    expect(NewUploadBody.parse({ ...ok, size: 60 * 1024 * 1024 }).size).toBe(60 * 1024 * 1024);
  });

  it('strips invisible characters from the name, as a direct upload does', () => {
    expect(NewUploadBody.parse({ ...ok, filename: '年报\u202Efdp.exe' }).filename).toBe('年报fdp.exe');
  });

  it.each([
    ['a path in the name', { filename: '../etc/passwd' }, 'filename'],
    ['an empty name', { filename: '\u200b' }, 'filename'],
    ['a type with parameters (the signed type must be exact)', { contentType: 'text/plain; charset=gbk' }, 'contentType'],
    ['a header injection in the type', { contentType: 'application/pdf\r\nx-amz-acl: public-read' }, 'contentType'],
    ['a fractional size', { size: 1.5 }, 'size'],
    ['zero bytes', { size: 0 }, 'size'],
    ['a negative size', { size: -1 }, 'size'],
    ['a size given as text', { size: '100' }, 'size'],
    ['an unknown field', { acl: 'public-read' }, ''],
  ])('refuses %s', (_what, change, path) => {
    const r = NewUploadBody.safeParse({ ...ok, ...change });
    expect(r.success).toBe(false);
    expect(defined(r.error).issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('refuses a missing field, in Chinese where it can', () => {
    const r = NewUploadBody.safeParse({ filename: 'a.pdf', contentType: 'application/pdf' });
    expect(r.success).toBe(false);
    expect(defined(defined(r.error).issues[0]).path).toEqual(['size']);
    expect(defined(defined(UploadPath.safeParse({ id: 'x' }).error).issues[0]).message).toBe('上传编号格式不正确');
  });
});

describe('incoming keys', () => {
  const id = '0b5e7c9a-2f4d-4e1b-9c3a-8d7f6e5a4b3c';
  it('name the agency and the upload, and are read back', () => {
    expect(incomingKey('miyun-kw', id)).toBe(`incoming/miyun-kw/${id}`);
    expect(parseIncomingKey(incomingKey('miyun-kw', id))).toEqual({ agency: 'miyun-kw', id });
    expect(UploadPath.parse({ id })).toEqual({ id });
  });
  it.each([`incoming/miyun-kw/${id}/x`, `incoming/../${id}`, `originals/miyun-kw/${id}`, 'incoming/miyun-kw/not-an-id', `incoming/MIYUN/${id}`])(
    'ignores %s',
    (key) => expect(parseIncomingKey(key)).toBeUndefined(),
  );
});
