import { unzipSync, type UnzipFileInfo } from 'fflate';
import { Parser } from 'htmlparser2';
import { BlockBuilder } from './block-builder';
import type { Block } from './blocks';
import { InputError } from './detect';

/** Limits checked on the zip's directory before anything is inflated (zip bombs). */
export const DOCX_LIMITS = {
  maxEntries: 2000,
  maxDocumentXmlBytes: 32 * 1024 * 1024,
  /** declared uncompressed / compressed; Word's own documents stay far below */
  maxRatio: 200,
};

/** Reads `word/document.xml` out of a .docx, checking sizes first. */
export function readDocumentXml(bytes: Uint8Array): string {
  let entries = 0;
  let found: UnzipFileInfo | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        entries++;
        if (entries > DOCX_LIMITS.maxEntries) {
          throw new InputError('TOO_LARGE', `Word 文件包含的部件过多（超过 ${DOCX_LIMITS.maxEntries} 个），疑似恶意文件，已拒绝`);
        }
        if (file.name !== 'word/document.xml') return false;
        found = file;
        if (
          file.originalSize > DOCX_LIMITS.maxDocumentXmlBytes ||
          file.originalSize > Math.max(file.size, 1024) * DOCX_LIMITS.maxRatio
        ) {
          throw new InputError('TOO_LARGE', 'Word 文件解压后过大（疑似压缩炸弹），已拒绝');
        }
        return true;
      },
    });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('CORRUPT_DOCX', '无法打开 Word 文件：文件已损坏或不完整（zip 结构错误）');
  }
  const xml = files['word/document.xml'];
  if (!found || !xml) {
    throw new InputError('UNSUPPORTED_FORMAT', '这是一个 zip 压缩包，但不是 Word（.docx）文档：缺少 word/document.xml');
  }
  if (xml.length > DOCX_LIMITS.maxDocumentXmlBytes) {
    throw new InputError('TOO_LARGE', 'Word 文件解压后过大（疑似压缩炸弹），已拒绝');
  }
  return new TextDecoder('utf-8').decode(xml);
}

/**
 * Extracts blocks from WordprocessingML: body paragraphs, and tables with their merged cells
 * (a vertically merged continuation cell is dropped, as HTML's rowspan leaves no cell).
 */
export function extractDocx(bytes: Uint8Array): Block[] {
  const xml = readDocumentXml(bytes);
  const out = new BlockBuilder();
  let inText = 0;
  let skipping = 0;
  // Per open w:tc: whether it is a vMerge continuation.
  const cellContinues: boolean[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        switch (name) {
          case 'w:t':
            inText++;
            break;
          case 'w:del':
          case 'w:instrtext':
          case 'w:deltext':
          case 'mc:fallback':
            skipping++;
            break;
          case 'w:tab':
            if (skipping === 0) out.text(' ');
            break;
          case 'w:br':
          case 'w:cr':
            if (skipping === 0) out.lineBreak();
            break;
          case 'w:tbl':
            out.openTable();
            break;
          case 'w:tr':
            out.openRow();
            break;
          case 'w:tc':
            cellContinues.push(false);
            out.openCell();
            break;
          case 'w:vmerge': {
            const val = attribs['w:val'];
            if (val === undefined || val === 'continue') cellContinues[cellContinues.length - 1] = true;
            break;
          }
        }
      },
      ontext(text) {
        if (inText > 0 && skipping === 0) out.text(text);
      },
      onclosetag(name) {
        switch (name) {
          case 'w:t':
            inText--;
            break;
          case 'w:del':
          case 'w:instrtext':
          case 'w:deltext':
          case 'mc:fallback':
            skipping--;
            break;
          case 'w:p':
            out.boundary();
            break;
          case 'w:tc':
            out.closeCell(!cellContinues.pop());
            break;
          case 'w:tr':
            out.closeRow();
            break;
          case 'w:tbl':
            out.closeTable();
            break;
        }
      },
    },
    { xmlMode: true, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(xml);
  parser.end();
  return out.finish();
}
