import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRODUCT = ['shared', 'functions', 'cdk', 'cli', 'local'];
/** Past this a file holds more than one job: split it by job, as the house rules say. */
const MAX_LINES = 500;

const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|mts|mjs|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('the product code stays in small files', () => {
  it(`no file under ${PRODUCT.join(', ')} is over ${MAX_LINES} lines`, () => {
    const files = PRODUCT.flatMap(sources);
    expect(files.length).toBeGreaterThan(100);
    const over = files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(over).toEqual([]);
  });
});
