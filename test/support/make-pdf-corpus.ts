/**
 * Writes the PDF corpus under test/fixtures/pdf-corpus/ (run: `npx tsx test/support/make-pdf-corpus.ts`,
 * or name some files to remake only those): CMS pages printed by headless Chromium and Word files
 * exported by LibreOffice, each with its JSON recipe. Needs /usr/bin/chromium, soffice and the
 * Noto CJK fonts, and two TrueType CJK fonts: AR PL UMing and WenQuanYi Micro Hei, the .ttc files
 * of Debian's fonts-arphic-uming and fonts-wqy-microhei, looked for under CORPUS_FONT_DIR (default
 * /usr/share/fonts/truetype; `apt-get download` and `dpkg-deb -x` them to keep them off the system's
 * font list). The outputs are committed, so the tests need none of this.
 *
 * Chromium draws CJK glyphs as Type 3 fonts in uncompressed dictionaries: its PDFs are re-saved
 * with pdf-lib into object streams (same pages, same content streams) to keep the corpus small.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, degrees } from 'pdf-lib';
import { corpusDocx } from './corpus-docx';
import { type CorpusFonts, corpusHtml } from './corpus-html';
import { CORPUS_RECIPES, type CorpusRecipe, corpusItems, corpusPath, corpusReport } from './pdf-corpus';
import { ttcFont } from './ttc-extract';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';

const CHROMIUM_PAGE_FLAGS = [
  ...CHROMIUM_FLAGS,
  // The page is a file: its fonts, files too, are cross-origin without this.
  '--allow-file-access-from-files',
];

const work = mkdtempSync(join(tmpdir(), 'pdf-corpus-'));
mkdirSync(corpusPath(''), { recursive: true });

const fontDir = process.env.CORPUS_FONT_DIR ?? '/usr/share/fonts/truetype';
function extractFont(ttc: string, name: string): string {
  const out = join(work, name);
  writeFileSync(out, ttcFont(readFileSync(join(fontDir, ttc))));
  return `file://${out}`;
}
const fonts: CorpusFonts = { song: extractFont('arphic/uming.ttc', 'song.ttf'), hei: extractFont('wqy/wqy-microhei.ttc', 'hei.ttf') };

async function compact(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  // A fixed date keeps a regenerated, unchanged PDF byte-identical.
  doc.setCreationDate(new Date('2023-01-20T00:00:00Z'));
  doc.setModificationDate(new Date('2023-01-20T00:00:00Z'));
  return doc.save({ useObjectStreams: true });
}

/** Each landscape page re-stored portrait: drawn turned a quarter, shown upright by /Rotate. */
async function rotateStored(pdf: Uint8Array, angle: 90 | 270): Promise<Uint8Array> {
  const src = await PDFDocument.load(pdf);
  const out = await PDFDocument.create();
  const pages = await out.embedPages(src.getPages());
  for (const page of pages) {
    const portrait = out.addPage([page.height, page.width]);
    // Drawn a quarter turn against the rotation the viewer applies, so it shows upright.
    if (angle === 90) portrait.drawPage(page, { x: page.height, y: 0, rotate: degrees(90) });
    else portrait.drawPage(page, { x: 0, y: page.width, rotate: degrees(-90) });
    portrait.setRotation(degrees(angle));
  }
  return out.save({ useObjectStreams: true });
}

async function make(recipe: CorpusRecipe): Promise<Uint8Array> {
  const report = corpusReport(recipe);
  if (recipe.producer === 'chromium') {
    const items = corpusItems(recipe, report);
    const html = join(work, 'page.html');
    const out = join(work, 'page.pdf');
    writeFileSync(html, corpusHtml(items, report.title, recipe.agency, recipe.chromium, fonts));
    execFileSync(
      CHROMIUM,
      [
        ...CHROMIUM_PAGE_FLAGS,
        `--user-data-dir=${join(work, 'chromium')}`,
        `--print-to-pdf=${out}`,
        ...(recipe.chromium.running ? [] : ['--no-pdf-header-footer']),
        `file://${html}`,
      ],
      { stdio: 'ignore' },
    );
    const rotate = recipe.chromium.rotateStored;
    return rotate ? rotateStored(readFileSync(out), rotate) : compact(readFileSync(out));
  }
  const items = corpusItems(recipe, report);
  const docx = join(work, 'report.docx');
  writeFileSync(docx, await corpusDocx(items, recipe.agency, recipe.word));
  execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', work, docx], {
    stdio: 'ignore',
  });
  return readFileSync(join(work, 'report.pdf'));
}

const only = process.argv.slice(2);
for (const recipe of CORPUS_RECIPES) {
  if (only.length > 0 && !only.some((o) => recipe.file.includes(o))) continue;
  const bytes = await make(recipe);
  writeFileSync(corpusPath(recipe.file), bytes);
  writeFileSync(corpusPath(recipe.file.replace(/\.pdf$/, '.json')), `${JSON.stringify(recipe, null, 2)}\n`);
  console.log(recipe.file, bytes.length);
}
const total = readdirSync(corpusPath('')).reduce((s, f) => s + statSync(corpusPath(f)).size, 0);
console.log(`corpus: ${(total / 1e6).toFixed(2)} MB`);
rmSync(work, { recursive: true, force: true });
