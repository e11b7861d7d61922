import { Zip, ZipDeflate, strToU8, zlibSync } from 'fflate';
import { defined } from './defined';

/**
 * Small PDFs that make pdfjs work without end, written byte by byte (pdf-lib would refuse or
 * rewrite some of them), and .docx files whose document.xml inflates to 30 MB of empty elements.
 * Every one is a few KB to a few hundred KB: well inside the upload limit.
 */

type PdfObject = string | { dict: string; stream: Uint8Array };

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** A PDF of the given objects (numbered from 1), with a correct cross-reference table. */
export function writePdf(objects: PdfObject[], root = 1): Uint8Array {
  const parts: Uint8Array[] = [strToU8('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', true)];
  let size = defined(parts[0]).length;
  const offsets: number[] = [];
  const add = (p: Uint8Array) => {
    parts.push(p);
    size += p.length;
  };
  objects.forEach((o, i) => {
    offsets.push(size);
    if (typeof o === 'string') add(strToU8(`${i + 1} 0 obj\n${o}\nendobj\n`));
    else {
      add(strToU8(`${i + 1} 0 obj\n${o.dict.replace(/>>\s*$/, ` /Length ${o.stream.length} >>`)}\nstream\n`));
      add(o.stream);
      add(strToU8('\nendstream\nendobj\n'));
    }
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  add(strToU8(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${root} 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const flate = (content: string) => ({ dict: '<< /Filter /FlateDecode >>', stream: zlibSync(strToU8(content), { level: 9 }) });

/** One page drawing `content` (compressed), with Helvetica as /F1. */
export function onePagePdf(content: string): Uint8Array {
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    flate(content),
    FONT,
  ]);
}

/** `depth` nested `q` never restored, around one line of text: under 1 KB for 30,000. */
export const nestedSaves = (depth = 30_000) => onePagePdf(`${'q\n'.repeat(depth)}BT /F1 12 Tf 72 720 Td (x) Tj ET`);

/** One stream showing a million one-letter strings. */
export const millionShows = (count = 1_000_000) => onePagePdf(`BT /F1 12 Tf 72 720 Td\n${'(a) Tj\n'.repeat(count)}ET`);

/** Half a million filled rectangles in a short cycle of places: ~13 KB compressed. */
export function filledRectangles(count = 500_000): Uint8Array {
  const ops: string[] = [];
  for (let i = 0; i < count; i++) ops.push(`${(i % 10) * 50} ${(i % 7) * 100} 40 90 re f`);
  return onePagePdf(ops.join('\n'));
}

/** `pages` pages (past the 500-page limit by default) all drawing one content stream of `lines` lines of text. */
export function sharedStreamPages(pages = 2_000, lines = 40): Uint8Array {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ');
  const text = Array.from({ length: lines }, (_, i) => `BT /F1 10 Tf 72 ${800 - i * 18} Td (line ${i} of a shared page) Tj ET`).join('\n');
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    flate(text),
    FONT,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>'),
  ]);
}

/**
 * Forms drawing forms: the page draws form 1 once, each form draws the next `fanout` times, the
 * last shows one letter. Every stream is tiny, so no preflight bound sees it, and pdfjs reads each
 * form again at each use: `fanout ** levels` strings. Only the parse budget stops it.
 */
export function nestedForms(levels = 4, fanout = 100): Uint8Array {
  const first = 5; // objects 1-4: catalog, pages, page, font
  const forms = Array.from({ length: levels }, (_, i) => {
    const last = i === levels - 1;
    const resources = last ? '/Font << /F1 4 0 R >>' : `/XObject << /X ${first + i + 1} 0 R >>`;
    const body = last ? 'BT /F1 1 Tf 10 10 Td (a) Tj ET' : '/X Do\n'.repeat(fanout);
    return { dict: `<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << ${resources} >> >>`, stream: strToU8(body) };
  });
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X ${first} 0 R >> >> /Contents ${first + levels} 0 R >>`,
    FONT,
    ...forms,
    { dict: '<< >>', stream: strToU8('/X Do') },
  ]);
}

/** The four PDF shapes, named as the tests and the bench print them. */
export const HOSTILE_PDFS: [string, () => Uint8Array][] = [
  ['PDF: 30,000 nested q', () => nestedSaves()],
  ['PDF: 1,000,000 Tj in one stream', () => millionShows()],
  ['PDF: 500,000 filled rectangles', () => filledRectangles()],
  ['PDF: 2,000 pages sharing one content stream', () => sharedStreamPages()],
];

/**
 * A .docx whose document.xml is `unit` repeated to ~30 MB inside one paragraph, zipped as a
 * streaming writer does (data descriptors: no sizes declared) beside 200 KB of incompressible
 * media, so that neither the declared sizes nor the inflation ratio give it away.
 */
export function emptyElementsDocx(unit: string, bytes = 30 * 1024 * 1024): Uint8Array {
  const body = unit.repeat(Math.floor(bytes / unit.length));
  // Tables stand in the body; breaks, tabs and runs inside a paragraph, where Word puts them.
  const xml = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${unit.startsWith('<w:tbl') ? body : `<w:p>${body}</w:p>`}</w:body></w:document>`;
  const media = new Uint8Array(200 * 1024);
  // Deterministic noise: deflate cannot shrink it, so the file is ~200 KB and the ratio stays honest.
  let x = 0x9e3779b9;
  for (let i = 0; i < media.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    media[i] = x & 0xff;
  }
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, data] of [
    ['[Content_Types].xml', strToU8('<Types/>')],
    ['word/media/image1.png', media],
    ['word/document.xml', strToU8(xml)],
  ] as const) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

export const HOSTILE_DOCX: [string, () => Uint8Array][] = [
  ['.docx: 30 MB of <w:br/>', () => emptyElementsDocx('<w:br/>')],
  ['.docx: 30 MB of <w:tab/>', () => emptyElementsDocx('<w:tab/>')],
  ['.docx: 30 MB of empty tables', () => emptyElementsDocx('<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>')],
  ['.docx: 30 MB of empty runs', () => emptyElementsDocx('<w:r/>')],
];
