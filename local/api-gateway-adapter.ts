import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway's own payload limit: beyond it the function is never called. */
const GATEWAY_LIMIT = 10 * 1024 * 1024;

interface Route {
  key: string;
  method: string;
  pattern: RegExp;
  names: string[];
}

function compile(routeKey: string): Route {
  const [method, path] = routeKey.split(' ') as [string, string];
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { key: routeKey, method, pattern, names };
}

/**
 * Serves Lambda handlers on localhost the way API Gateway (HTTP API, payload v2) calls them:
 * the same event shape, route keys, path parameters and base64 bodies.
 */
export function serveHandlers(routes: Record<string, Handler>, port: number): Promise<Server> {
  const compiled = Object.keys(routes).map(compile);
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'urn:gongkai:problem:internal', title: 'Internal error', status: 500 }));
      process.stderr.write(`local adapter: ${String(err)}\n`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > GATEWAY_LIMIT) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ message: 'Request Entity Too Large' }));
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let match: { route: Route; params: Record<string, string> } | undefined;
    for (const route of compiled) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      try {
        match = { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
      } catch {
        match = { route, params: Object.fromEntries(route.names.map((n, i) => [n, m[i + 1]!])) };
      }
      break;
    }
    const routeKey = match?.route.key ?? '$default';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: match && match.route.names.length ? match.params : undefined,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: '127.0.0.1',
        domainPrefix: '127',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
      },
      body: chunks.length ? Buffer.concat(chunks).toString('base64') : undefined,
      isBase64Encoded: chunks.length > 0,
    };
    const handler = match ? routes[match.route.key]! : Object.values(routes)[0]!;
    const context = { awsRequestId: event.requestContext.requestId, getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
    const result = await handler(event, context);
    const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    res.end(body);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export const serverUrl = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
