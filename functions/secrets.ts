import { traced } from '#shared/http/observability';
import { type OriginCheck, originVerifier } from '#shared/http/origin-check';

/**
 * Secrets Manager for the functions: what a function derives from a secret is fetched on first use
 * and trusted for a few minutes, so a rotated secret takes effect within them rather than at the
 * next cold start. Small on purpose: the validate function imports it and nothing else of the runtime.
 */

/** How long a warm function trusts the origin secret it fetched. */
export const ORIGIN_SECRET_TTL_MS = 5 * 60 * 1000;

/** `load` once, then again after `ttlMs`; a failed load is not kept, so the next call tries again. */
export function cachedFor<T>(load: () => Promise<T>, now: () => number, ttlMs: number): () => Promise<T> {
  let cached: { value: Promise<T>; until: number } | undefined;
  return () => {
    if (cached && now() < cached.until) return cached.value;
    const value = load();
    const entry = { value, until: now() + ttlMs };
    cached = entry;
    value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return value;
  };
}

async function client() {
  const sdk = await import('@aws-sdk/client-secrets-manager');
  return { sdk, client: await traced(new sdk.SecretsManagerClient({})) };
}

export const readSecret = async (secretArn: string): Promise<string | undefined> => {
  const { sdk, client: c } = await client();
  return (await c.send(new sdk.GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
};

/** The current value and, after a rotation, the previous one (which CloudFront may still be sending). */
export const readSecretStages = async (secretArn: string): Promise<string[]> => {
  const { sdk, client: c } = await client();
  const stage = async (VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    try {
      return (await c.send(new sdk.GetSecretValueCommand({ SecretId: secretArn, VersionStage }))).SecretString;
    } catch (err) {
      // A secret never rotated has no previous value.
      if (VersionStage === 'AWSPREVIOUS' && (err as Error).name === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  };
  const [current, previous] = await Promise.all([stage('AWSCURRENT'), stage('AWSPREVIOUS')]);
  return [current, previous].filter((v): v is string => v !== undefined);
};

/** Shorter than this, a value is an error, never a credential. */
const MIN_ORIGIN_SECRET = 32;

/**
 * The origin check against the secret CloudFront's header carries: its current value, and its
 * previous one until the next rotation, so the distribution can be updated after the secret.
 */
export function originFromSecret(secretArn: string, opts: { load?: (arn: string) => Promise<string[]>; now?: () => number; ttlMs?: number } = {}): OriginCheck {
  const { load = readSecretStages, now = Date.now, ttlMs = ORIGIN_SECRET_TTL_MS } = opts;
  const verifier = cachedFor(
    async () => {
      const [current, ...older] = await load(secretArn);
      if (!current || current.length < MIN_ORIGIN_SECRET) throw new Error(`origin secret is missing or shorter than ${MIN_ORIGIN_SECRET} characters`);
      return originVerifier([current, ...older.filter((v) => v.length >= MIN_ORIGIN_SECRET)]);
    },
    now,
    ttlMs,
  );
  return async (presented) => (await verifier())(presented);
}

/**
 * The check an HTTP function runs: in Lambda always (the template names the secret, and a function
 * deployed without it does not start); for the local server, which has no CDN in front, none.
 */
export function originCheck(env: NodeJS.ProcessEnv = process.env): OriginCheck | undefined {
  const arn = env.ORIGIN_SECRET_ARN || undefined;
  if (arn) return originFromSecret(arn);
  if (env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('configuration: missing ORIGIN_SECRET_ARN (the API answers only through CloudFront)');
  return undefined;
}
