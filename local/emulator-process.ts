import { type S3EventRecord, startDynamo, startS3 } from './local-stack';

/**
 * One storage server (dynalite or s3rver) in a process of its own, started by `emulators.ts`: its
 * memory is not the handlers', and it ends when the archive's process does (the IPC channel closes).
 * Arguments: `dynamo <dir|-> <port>` or `s3 <dir> <bucket> <port>`.
 */
const [kind, dir, ...rest] = process.argv.slice(2);
const send = (message: object) => process.send?.(message);

if (kind === 'dynamo') {
  const server = await startDynamo(dir === '-' ? undefined : dir, Number(rest[0] ?? 0));
  send({ ready: true, port: server.port });
} else if (kind === 's3' && dir && rest[0]) {
  const server = await startS3(dir, rest[0], Number(rest[1] ?? 0));
  // Each object event goes to the archive's process, where the ingest runs.
  server.onEvent((record: S3EventRecord) => send({ event: record }));
  send({ ready: true, port: server.port });
} else {
  throw new Error(`usage: emulator-process dynamo <dir|-> <port> | s3 <dir> <bucket> <port> (got ${process.argv.slice(2).join(' ')})`);
}
process.on('disconnect', () => process.exit(0));
