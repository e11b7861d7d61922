import { cliBench, coreBench } from './core-bench';

// `npm run bench` — prints every figure as a ratio measured in this one run.
await coreBench();
cliBench();
