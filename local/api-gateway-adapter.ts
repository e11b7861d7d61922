import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { must } from '#shared/model/must';
import { keepAlive } from './local-stack';

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
 * the same event shape, route keys, path parameters and base64 bodies. Each request is given
 * `lambdaMs` of a function's time (by default 30 s, API Gateway's limit: the deployed functions
 * have 10 or 29 s, cdk/api-stack.ts).
 */
export function serveHandlers(routes: Record<string, Handler>, port: number, lambdaMs = 30_000): Promise<Server> {
  const compiled = Object.keys(routes).map(compile);
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'urn:gongkai:problem:internal', title: 'Internal error', status: 500 }));
      process.stderr.write(`local adapter: ${String(err)}\n`);
    });
  });
  // A client's POST on a kept-alive socket the server closes at that moment is reset, not retried.
  keepAlive(server);

  // Node's HTTP parser answers a request line holding raw bytes over 0x7F with an empty 400 before
  // any handler runs; API Gateway takes them. So each connection's bytes pass through an encoder first.
  const [parse] = server.listeners('connection') as ((socket: Duplex) => void)[];
  server.removeAllListeners('connection');
  const parseOn = must(parse, "Node's HTTP server parses each connection it is given");
  server.on('connection', (socket: Socket) => parseOn.call(server, new RequestLineEncoder(socket)));
  server.on('clientError', (_err, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({
      type: 'urn:gongkai:problem:bad-request',
      title: 'Bad request',
      status: 400,
      detail: '请求格式不正确（HTTP 请求行或请求头无法解析）',
    });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // The next bytes on this connection start a new request line (clients wait for the answer).
    res.once('finish', () => (req.socket as unknown as RequestLineEncoder).nextRequest?.());
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
        match = { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')])) };
      } catch {
        match = { route, params: Object.fromEntries(route.names.map((n, i) => [n, m[i + 1] ?? ''])) };
      }
      break;
    }
    const routeKey = match?.route.key ?? '$default';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    // As API Gateway (payload v2) does: the Cookie header arrives as `cookies`, not among the headers.
    const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
    delete headers.cookie;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies?.length ? { cookies } : {}),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: match?.route.names.length ? match.params : undefined,
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
    const handler = must(match ? routes[match.route.key] : Object.values(routes)[0], 'every route has its handler');
    const context = { awsRequestId: event.requestContext.requestId, getRemainingTimeInMillis: () => lambdaMs } as unknown as Context;
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

/**
 * A connection as the HTTP parser reads it: bytes over 0x7F in a request line are percent-encoded
 * (as a browser would), so `?filename=广州….pdf` sent raw by curl arrives as its UTF-8 escapes;
 * everything else, bodies included, passes through untouched.
 */
class RequestLineEncoder extends Duplex {
  /** where the next bytes fall: the start of a request line, inside one (split over chunks), or past it */
  private state: 'start' | 'line' | 'past' = 'start';

  constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(this.encode(chunk))) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
    socket.on('timeout', () => this.emit('timeout'));
  }

  nextRequest(): void {
    this.state = 'start';
  }

  private encode(chunk: Buffer): Buffer {
    if (this.state === 'past') return chunk;
    let from = 0;
    if (this.state === 'start') {
      // Empty lines before a request line are allowed (RFC 9112 §2.2).
      while (from < chunk.length && (chunk[from] === 0x0d || chunk[from] === 0x0a)) from++;
      if (from === chunk.length) return chunk;
      // Only what starts like a request line ("POST /…"): a pipelining client's body bytes,
      // already on their way when the previous answer went out, pass untouched.
      if (!/^[A-Z]+ [/*]/.test(chunk.toString('latin1', from, from + 16))) {
        this.state = 'past';
        return chunk;
      }
    }
    const end = chunk.indexOf(0x0a, from);
    const lineEnd = end === -1 ? chunk.length : end;
    this.state = end === -1 ? 'line' : 'past';
    const requestLine = chunk.subarray(from, lineEnd);
    if (!requestLine.some((b) => b >= 0x80)) return chunk;
    let line = '';
    for (const b of requestLine) line += b >= 0x80 ? `%${b.toString(16).toUpperCase()}` : String.fromCharCode(b);
    return Buffer.concat([chunk.subarray(0, from), Buffer.from(line, 'latin1'), chunk.subarray(lineEnd)]);
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.socket.write(chunk, encoding, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.socket.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.socket.destroy(err ?? undefined);
    cb(err);
  }

  // What the HTTP server and the handlers use of a socket besides the stream.
  setTimeout(ms: number, cb?: () => void): this {
    this.socket.setTimeout(ms);
    if (cb) this.once('timeout', cb);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }
}

export const serverUrl = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
