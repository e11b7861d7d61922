import { type ChildProcess, fork } from 'node:child_process';
import type { S3EventRecord, ServerHandle } from './local-stack';

/**
 * The storage servers of `npm start` as child processes: dynalite keeps what it stores in memory
 * and caches, and s3rver buffers its objects, neither of which is the handlers' (a Lambda container
 * holds only the handlers). Apart, the handlers' process stays as small as a function's, and each
 * server's memory is its own to measure (`npm run bench soak`). The handles behave as the
 * in-process ones of local-stack.ts: stop and start again on the same port.
 */
function serverProcess(args: string[], onEvent?: (record: S3EventRecord) => void): ServerHandle {
  let child: ChildProcess | undefined;
  const handle: ServerHandle = {
    endpoint: '',
    port: 0,
    async start() {
      const port = String(handle.port);
      const started = fork(new URL('./emulator-process.ts', import.meta.url), [...args, port], {
        // Loaded as TypeScript, whatever flags the archive's own process was started with.
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child = started;
      handle.port = await new Promise<number>((resolve, reject) => {
        started.once('exit', (code) => reject(new Error(`storage server ${args[0]} exited (${code}) before it listened`)));
        started.on('message', (m: { ready?: boolean; port?: number; event?: S3EventRecord }) => {
          if (m.ready && m.port) resolve(m.port);
          if (m.event) onEvent?.(m.event);
        });
      });
      handle.endpoint = `http://127.0.0.1:${handle.port}`;
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      await exited;
    },
  };
  return handle;
}

export async function startDynamoProcess(dir: string | undefined): Promise<ServerHandle> {
  const handle = serverProcess(['dynamo', dir ?? '-']);
  await handle.start();
  return handle;
}

export async function startS3Process(dir: string, bucket: string): Promise<ServerHandle & { onEvent(listener: (record: S3EventRecord) => void): void }> {
  const listeners: ((record: S3EventRecord) => void)[] = [];
  const handle = serverProcess(['s3', dir, bucket], (record) => {
    for (const listener of listeners) listener(record);
  });
  await handle.start();
  return Object.assign(handle, {
    onEvent(listener: (record: S3EventRecord) => void) {
      listeners.push(listener);
    },
  });
}
