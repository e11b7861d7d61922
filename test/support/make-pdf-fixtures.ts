/**
 * Writes the PDF fixtures under test/fixtures/pdf/ (run: `npx tsx test/support/make-pdf-fixtures.ts`):
 * CMS pages printed by headless Chromium, Word files exported by LibreOffice, and a scan (a page
 * that is only a picture). Needs /usr/bin/chromium, soffice and the Noto CJK fonts. Each PDF gets
 * its recipe as JSON beside it; the tests rebuild the expected model from the recipe.
 *
 * Chromium draws CJK glyphs as Type 3 fonts, each page its own copy, in uncompressed dictionaries:
 * its PDFs are re-saved with pdf-lib into compressed object streams (same pages, same content
 * streams) to keep the fixtures small.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { layout } from './document';
import { toDocx } from './docx-writer';
import { toHtml } from './layouts';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { PDF_RECIPES, SCANNED_PDF, pdfFixturePath, recipeReport, type PdfRecipe } from './pdf-fixtures';

const work = mkdtempSync(join(tmpdir(), 'pdf-fixtures-'));
const outDir = pdfFixturePath('');
mkdirSync(outDir, { recursive: true });

function chromium(args: string[]) {
  execFileSync(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${join(work, 'chromium')}`, ...args], { stdio: 'ignore' });
}

async function compact(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  return doc.save({ useObjectStreams: true });
}

async function make(recipe: PdfRecipe): Promise<Uint8Array> {
  const report = recipeReport(recipe);
  const items = layout(report);
  if (recipe.producer === 'chromium') {
    const html = join(work, 'page.html');
    const out = join(work, 'page.pdf');
    writeFileSync(html, toHtml(items, report.title));
    // With its header and footer Chromium prints the date and title on top of every page, the
    // address and "1/3" under it: the running lines a clerk's "print to PDF" leaves.
    chromium([`--print-to-pdf=${out}`, ...(recipe.running ? [] : ['--no-pdf-header-footer']), `file://${html}`]);
    return compact(readFileSync(out));
  }
  const docx = join(work, 'report.docx');
  writeFileSync(docx, await toDocx(items, { header: `${recipe.agency}政务公开`, footer: recipe.running?.startsWith('-') ? 'dash' : 'chinese' }));
  execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', work, docx], {
    stdio: 'ignore',
  });
  return readFileSync(join(work, 'report.pdf'));
}

/** A page that is only a photograph of text: Chromium's screenshot of the title, placed by pdf-lib. */
async function makeScan(): Promise<Uint8Array> {
  const html = join(work, 'scan.html');
  const png = join(work, 'scan.png');
  writeFileSync(
    html,
    `<!DOCTYPE html><meta charset="utf-8"><body style="margin:16px;font:18px serif"><p>${SCANNED_PDF.title}</p><p>一、总体情况</p><table border="1"><tr><td>行政复议</td><td>3</td></tr></table>`,
  );
  chromium([`--screenshot=${png}`, '--window-size=520,200', '--hide-scrollbars', `file://${html}`]);
  const doc = await PDFDocument.create();
  doc.setTitle(SCANNED_PDF.title);
  const image = await doc.embedPng(readFileSync(png));
  const page = doc.addPage([595, 842]);
  page.drawImage(image, { x: 40, y: 842 - 40 - image.height, width: image.width, height: image.height });
  return doc.save({ useObjectStreams: true });
}

for (const recipe of PDF_RECIPES) {
  const bytes = await make(recipe);
  writeFileSync(pdfFixturePath(recipe.file), bytes);
  writeFileSync(pdfFixturePath(recipe.file.replace(/\.pdf$/, '.json')), `${JSON.stringify(recipe, null, 2)}\n`);
  console.log(recipe.file, bytes.length);
}
const scan = await makeScan();
writeFileSync(pdfFixturePath(SCANNED_PDF.file), scan);
writeFileSync(pdfFixturePath(SCANNED_PDF.file.replace(/\.pdf$/, '.json')), `${JSON.stringify({ ...SCANNED_PDF, producer: 'image' }, null, 2)}\n`);
console.log(SCANNED_PDF.file, scan.length);
rmSync(work, { recursive: true, force: true });
