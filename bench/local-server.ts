import type { ChildProcess } from 'node:child_process';

/** The address `local/start.ts` prints once it serves: the benches that run it in a process of their own wait for it. */
export function servedAt(server: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Gongkai Archive on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

/**
 * Registers `count` agencies under the sample report's name (an upload must be the agency's own report)
 * and returns their tokens; `place(i)` names agency i's id and region.
 */
export async function registerAgencies(base: string, admin: string, count: number, place: (i: number) => { id: string; region: string }): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await fetch(`${base}/v1/agencies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...place(i), name: '北京市密云区科学技术委员会' }),
    });
    if (r.status !== 201) throw new Error(`agency ${i}: ${r.status} ${await r.text()}`);
    tokens.push(((await r.json()) as { token: string }).token);
  }
  return tokens;
}
