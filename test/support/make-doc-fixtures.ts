/**
 * Writes the Word 97-2003 fixtures: each report is built from test-side builders, written as .docx
 * by our own writer, then converted to .doc by LibreOffice (the .doc bytes are Word's format, not
 * ours). Beside each .doc a JSON recipe names the builder inputs, so the test rebuilds the expected
 * model without reading anything the parser produced.
 *
 *   npx tsx test/support/make-doc-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layout } from './document';
import { toDocx } from './docx-writer';
import { fixturePath } from './fixtures';
import { buildReport, distinctNumbers } from './sample-reports';
import { defined } from './defined';

export interface DocRecipe {
  format: '2021' | '2019';
  year: number;
  agency: string;
  /** the Numbers builder in sample-reports.ts */
  numbers: 'distinctNumbers';
}

export const DOC_FIXTURES: Record<string, DocRecipe> = {
  'beijing-2022-2021-format': { format: '2021', year: 2022, agency: '北京市人民政府', numbers: 'distinctNumbers' },
  'shanghai-2020-2019-format': { format: '2019', year: 2020, agency: '上海市人民政府', numbers: 'distinctNumbers' },
};

export const buildFromRecipe = (r: DocRecipe) => buildReport(r.format, r.year, r.agency, distinctNumbers(r.format));

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'doc-fixtures-'));
  const outDir = fixturePath('doc');
  for (const [name, recipe] of Object.entries(DOC_FIXTURES)) {
    const docx = join(work, `${name}.docx`);
    writeFileSync(docx, await toDocx(layout(buildFromRecipe(recipe))));
    execFileSync('soffice', ['--headless', '-env:UserInstallation=file:///tmp/lo-doc', '--convert-to', 'doc', '--outdir', work, docx], { stdio: 'inherit' });
    renameSync(join(work, `${name}.doc`), join(outDir, `${name}.doc`));
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(recipe, null, 2)}\n`);
    process.stdout.write(`${name}.doc ${readFileSync(join(outDir, `${name}.doc`)).length} bytes\n`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(defined(process.argv[1].split('/').pop()))) await main();
