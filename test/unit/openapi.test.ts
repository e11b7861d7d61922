import { describe, expect, it } from 'vitest';
import { openApiDocument, ROUTE_DOCS } from '../../functions/openapi';
import { ROUTES, type RouteKey } from '../../functions/route-table';
import { defined } from '../support/defined';

describe('the OpenAPI 3.1 document', () => {
  const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>> };

  it('covers every route of the route table, method and path', () => {
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(listed.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('names each path parameter of the template as a required path parameter', () => {
    for (const key of Object.keys(ROUTES) as RouteKey[]) {
      const [method, path] = key.split(' ') as [string, string];
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = defined(defined(doc.paths[path])[method.toLowerCase()])
        .parameters.filter((p) => p.in === 'path')
        .map((p) => p.name);
      expect(params.sort(), key).toEqual(names.sort());
    }
  });

  it('every example validates against the schema the handler parses with', () => {
    let checked = 0;
    for (const [key, route] of Object.entries(ROUTE_DOCS)) {
      const ex = route.example;
      if (!ex) continue;
      const parse = (schema: unknown, value: unknown) => (schema as { parse: (v: unknown) => unknown }).parse(value);
      if (ex.path) expect(() => parse(route.path, ex.path), key).not.toThrow();
      if (ex.query) expect(() => parse(route.query, ex.query), key).not.toThrow();
      if (ex.body && route.body !== 'file' && route.body)
        expect(() => parse(route.body && route.body !== 'file' ? route.body.json : undefined, ex.body), key).not.toThrow();
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('a wrong example would fail: the schemas are the handlers’ own', () => {
    expect(() => (ROUTE_DOCS['GET /v1/reports'].query as unknown as { parse: (v: unknown) => unknown }).parse({ region: '4401' })).toThrow();
  });

  it('states the routes held below the stage limit with their throttle, as API Gateway gets it', () => {
    const upload = defined(defined(doc.paths['/v1/reports']).post) as unknown as Record<string, unknown>;
    expect(upload['x-throttle']).toEqual({ rate: 10, burst: 20 });
    const validate = defined(defined(doc.paths['/v1/validate']).post) as unknown as Record<string, unknown>;
    expect(validate['x-throttle']).toEqual({ rate: 10, burst: 20 });
    const list = defined(defined(doc.paths['/v1/reports']).get) as unknown as Record<string, unknown>;
    expect(list['x-throttle']).toBeUndefined();
  });
});
