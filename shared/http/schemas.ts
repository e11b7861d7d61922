import { z } from 'zod';

/** Everything that comes from a request is checked here, at the edge, before any use case. */

const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, '应为小写字母、数字和连字符组成的标识（最长 64 位）');
const yearString = z
  .string()
  .regex(/^\d{4}$/, '应为四位数年份')
  .transform(Number)
  .pipe(z.number().int().min(2000).max(2100));
const versionString = z.string().regex(/^[1-9]\d{0,5}$/, '应为正整数').transform(Number);
// Region codes or names; '#' separates key parts in the index, so it may not appear.
const region = z.string().min(1).max(64).regex(/^[^#\u0000-\u001f]+$/, '不能包含 # 或控制字符');
const plainText = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]+$/, '不能包含控制字符');

export const AgencyPath = z.object({ agency: slug }).strict();
export const ReportPath = z.object({ agency: slug, year: yearString }).strict();
export const TokenPath = z.object({ agency: slug, tokenId: z.string().regex(/^[a-z0-9]{16}$/) }).strict();
export const VersionQuery = z.object({ version: versionString.optional() });

export const ListQuery = z.object({
  year: yearString.optional(),
  agency: slug.optional(),
  region: region.optional(),
  hasErrors: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(100)).optional(),
  cursor: z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/).optional(),
});

export const UploadQuery = z.object({
  filename: z
    .string()
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f/\\]+$/, '文件名不能包含路径或控制字符')
    .optional(),
  strict: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  agency: slug.optional(),
});

export const NewAgencyBody = z
  .object({
    id: slug,
    name: plainText(100),
    region: region.optional(),
    level: plainText(32).optional(),
    aliases: z.array(plainText(100)).max(20).optional(),
  })
  .strict();

export const AuditQuery = z.object({
  agency: slug,
  limit: z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(100)).optional(),
  cursor: z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
