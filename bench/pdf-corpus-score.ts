/**
 * Scores the parser on the PDF corpus (test/fixtures/pdf-corpus/): per file the cells read right,
 * left unread and read wrong against the report it was printed from, and totals by producer and
 * for the cut-off set. Run: `npx tsx bench/pdf-corpus-score.ts` (`--wrong` lists the wrong cells).
 */
import { type FileScore, loadCorpusRecipes, scoreCorpusFile } from '../test/support/pdf-corpus';

const showWrong = process.argv.includes('--wrong');
const scores: FileScore[] = [];
for (const recipe of loadCorpusRecipes()) scores.push(await scoreCorpusFile(recipe));

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const padl = (s: string | number, n: number) => String(s).padStart(n);
console.log(
  `${pad('file', 44)}${pad('producer', 12)}${padl('right', 6)}${padl('unread', 7)}${padl('wrong', 6)}${padl('unmarked', 9)}${padl('warn', 5)}  agency year format  style`,
);
for (const s of scores) {
  const ok = (b: boolean) => (b ? 'ok' : '--');
  console.log(
    `${pad(s.file, 44)}${pad(s.producer + (s.cutOff ? '/cut' : ''), 12)}${padl(s.right, 6)}${padl(s.unread, 7)}${padl(s.wrong, 6)}${padl(s.unmarked, 9)}${padl(s.warnings, 5)}  ${pad(ok(s.agencyOk), 7)}${pad(ok(s.yearOk), 5)}${pad(ok(s.formatOk), 7)} ${s.style}`,
  );
  if (showWrong) for (const w of s.wrongCells) console.log(`    ${w}`);
}

function total(name: string, set: FileScore[]) {
  if (set.length === 0) return;
  const cells = set.reduce((a, s) => a + s.right + s.unread + s.wrong, 0);
  const right = set.reduce((a, s) => a + s.right, 0);
  const wrong = set.reduce((a, s) => a + s.wrong, 0);
  const filesWrong = set.filter((s) => s.wrong > 0).length;
  const full = set.filter((s) => s.fullyRead).length;
  const meta = set.filter((s) => s.agencyOk && s.yearOk && s.formatOk).length;
  console.log(
    `${pad(name, 22)} files ${padl(set.length, 3)}  fully read ${padl(full, 3)}  with a wrong cell ${padl(filesWrong, 3)}  cells wrong ${padl(wrong, 5)}  right ${padl(((100 * right) / cells).toFixed(1), 5)}%  agency/year/format ok ${padl(meta, 3)}`,
  );
}

console.log('');
total('all', scores);
total(
  'chromium (fitted)',
  scores.filter((s) => s.producer === 'chromium' && !s.cutOff),
);
total(
  'chromium (cut off)',
  scores.filter((s) => s.cutOff),
);
total(
  'libreoffice',
  scores.filter((s) => s.producer === 'libreoffice'),
);
