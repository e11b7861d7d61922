export interface HttpRequest {
  method: string;
  routeKey: string;
  path: string;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** lower-cased names */
  headers: Record<string, string | undefined>;
  body: Buffer;
  requestId: string;
  /** the address the request came from, as API Gateway saw it (the admin console limits sign-ins by it) */
  sourceIp?: string;
}

export interface HttpResponse {
  status: number;
  /** serialized as application/json */
  json?: unknown;
  /** raw body with its content type */
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = ((req: HttpRequest) => Promise<HttpResponse>) & {
  /** sees a request whose body is over the limit before the 413 (the upload audits a known token's attempt) */
  tooLarge?: (req: HttpRequest) => Promise<void>;
};

/** 4 MiB: what fits a Lambda's 6 MB synchronous payload once API Gateway base64-encodes it. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Lambda's synchronous response limit: the whole serialized result, headers and body, must fit. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
