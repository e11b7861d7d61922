import type { ReportMeta } from './report';

/**
 * Metadata nobody has stated yet. Kept apart from report.ts so the parser can use it without
 * importing classic zod: the Lambda bundles would carry its 450 KB.
 */
export const EMPTY_META: ReportMeta = { published: null, signed: null, signedBy: null, publisher: null, period: null };
