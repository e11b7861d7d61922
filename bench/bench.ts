import { archiveBench } from './archive-bench';
import { capacityBench } from './capacity-bench';
import { cliBench, coreBench, pdfBench } from './core-bench';
import { hostileBench } from './hostile-bench';
import { siteBench } from './site-bench';
import { soakBench } from './soak-bench';

// `npm run bench` — prints every figure as a ratio measured in this one run.
const only = process.argv[2];
if (!only || only === 'core') {
  await coreBench();
  cliBench();
}
// The PDF rows alone (they are also part of `core`).
if (only === 'pdf') await pdfBench();
if (!only || only === 'archive') await archiveBench(process.argv[3]);
if (!only || only === 'hostile') await hostileBench();
if (!only || only === 'site') await siteBench();
// DynamoDB capacity of one upload and of the statistics fold, and the hottest partition at deadline rates.
if (!only || only === 'capacity') await capacityBench();
// Long (minutes): only when asked for.
if (only === 'soak') await soakBench();
