import { toJSONSchema } from 'zod/v4/core';
import type { $ZodType } from 'zod/v4/core';
import { ROUTE_DOCS } from './route-docs';
import { ROUTES, type RouteDeclaration, type RouteKey } from './route-table';

export { ROUTE_DOCS };

/** The OpenAPI 3.1 document of every route, from the route table and ROUTE_DOCS. */
const jsonSchema = (s: $ZodType) => {
  const { $schema: _ignored, ...rest } = toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest as { properties?: Record<string, unknown>; required?: string[] };
};

function parameters(where: 'path' | 'query', schema: $ZodType | undefined) {
  if (!schema) return [];
  const s = jsonSchema(schema);
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: p,
  }));
}

const PROBLEM = {
  description: 'RFC 9457 problem: a stable type, a Chinese detail a clerk can act on',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const key of Object.keys(ROUTES) as RouteKey[]) {
    const [method, path] = key.split(' ') as [string, string];
    const doc = ROUTE_DOCS[key];
    const { auth, throttle } = ROUTES[key] as RouteDeclaration;
    const op: Record<string, unknown> = {
      operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
      summary: doc.summary,
      tags: [path.startsWith('/v1') ? 'api' : 'site'],
      parameters: [...parameters('path', doc.path), ...parameters('query', doc.query)],
      responses: {
        // Both removals (a token, an agency) answer with no body.
        ...(method === 'DELETE'
          ? { '204': { description: 'No Content' } }
          : { '200': { description: 'OK', content: { [doc.produces ?? 'application/json']: {} } } }),
        '4XX': PROBLEM,
        '5XX': PROBLEM,
      },
      ...(auth === 'anyone' ? { security: [] } : { description: `Caller: ${auth}` }),
      // A client learns the route's own limit before it meets the 429 (requests per second, steady and burst).
      ...(throttle ? { 'x-throttle': throttle } : {}),
    };
    if (doc.body === 'file') {
      op.requestBody = {
        required: true,
        content: {
          'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
        },
      };
    } else if (doc.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(doc.body.json), example: doc.example?.body } } };
    }
    const operations = paths[path] ?? {};
    operations[method.toLowerCase()] = op;
    paths[path] = operations;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Gongkai Archive (公开年报库)', version: '1', description: '政府信息公开工作年度报告的上传、校验与公开' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'gk_… agency upload token, or the admin token' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
          },
        },
      },
    },
    paths,
  };
}
