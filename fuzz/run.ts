import { fiveMegabyteInputs, fuzzApi, fuzzParsers, type FuzzStats } from './fuzz-parsers';

// `npm run fuzz [N]` — N generated inputs per parser (default 100,000), then the 5 MB bound.
const perParser = Number(process.argv[2] ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const BOUND_MS = 2000;
console.log(`fuzzing ${perParser.toLocaleString('en-US')} inputs per parser, seed ${seed}`);

const started = performance.now();
const stats: FuzzStats[] = [...(await fuzzParsers(perParser, seed)), ...(await fuzzApi(perParser, seed))];
const rows = stats.map((s) => [
  s.target,
  s.inputs.toLocaleString('en-US'),
  s.parsedAsReport.toLocaleString('en-US'),
  s.refused.toLocaleString('en-US'),
  s.slowestMs.toFixed(1),
  s.failures.length,
]);
console.log('\ntarget                      inputs    accepted  refused   slowest ms  failures');
for (const r of rows)
  console.log(
    `${String(r[0]).padEnd(26)}  ${String(r[1]).padStart(8)}  ${String(r[2]).padStart(8)}  ${String(r[3]).padStart(8)}  ${String(r[4]).padStart(10)}  ${r[5]}`,
  );

console.log(`\n5 MB inputs (bound: each under ${BOUND_MS} ms):`);
const big = await fiveMegabyteInputs();
for (const b of big) console.log(`  ${b.name.padEnd(44)} ${b.ms.toFixed(0).padStart(6)} ms  heap +${b.heapMb.toFixed(0)} MB`);
console.log(`\nrss peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, ${((performance.now() - started) / 1000) | 0} s`);

const failures = stats.flatMap((s) => s.failures.map((f) => `${s.target}: ${f}`));
const slow = big.filter((b) => b.ms > BOUND_MS);
for (const f of failures) console.error(`FAIL ${f}`);
for (const s of slow) console.error(`FAIL ${s.name} took ${s.ms.toFixed(0)} ms`);
process.exitCode = failures.length || slow.length ? 1 : 0;
