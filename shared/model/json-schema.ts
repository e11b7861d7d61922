import { toJSONSchema } from 'zod/mini';
import { ReportSchema } from './report';

/** The public JSON Schema of the report model (draft 2020-12), generated from the zod/mini schema. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://gongkai.example/schemas/report.v1.json',
    title: '政府信息公开工作年度报告',
    ...toJSONSchema(ReportSchema, { target: 'draft-2020-12' }),
  };
}
