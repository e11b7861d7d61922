import { Unzip, UnzipInflate } from 'fflate';
import { Parser } from 'htmlparser2';
import { BlockBuilder } from './block-builder';
import type { Block } from './blocks';
import type { Extracted } from './input-kinds';
import { InputError } from './detect';

/** Limits enforced while the zip is read, before and during inflation (zip bombs). */
export const DOCX_LIMITS = {
  maxEntries: 2000,
  maxDocumentXmlBytes: 32 * 1024 * 1024,
  /** uncompressed ÷ compressed, declared and actual; Word's own documents stay far below */
  maxRatio: 200,
  /** element nesting in document.xml; Word writes a dozen levels, tables inside tables a few more */
  maxDepth: 256,
  /**
   * Markup tags in document.xml (opening, closing and empty, counted as `<`). A report of 30 pages
   * has 10,000 to 100,000; a million is Word's own density at 32 MB. Counted as the XML inflates,
   * so 30 MB of empty elements is refused after a few MB, never parsed: the XML parser takes
   * about a second per two million elements.
   */
  maxTags: 1_000_000,
};

const tooLarge = () => new InputError('TOO_LARGE', 'Word 文件解压后过大或部件过多（疑似压缩炸弹），已拒绝');
const corrupt = () => new InputError('CORRUPT_DOCX', '无法打开 Word 文件：文件已损坏或不完整（zip 结构错误）');
const tooManyTags = () =>
  new InputError(
    'TOO_COMPLEX',
    `Word 文件的正文含有超过 ${DOCX_LIMITS.maxTags.toLocaleString('en')} 个 XML 元素（正常年报不过十万个），不像是一份年度报告，已拒绝：请检查文件，或另存为新的 Word 文件后重新上传`,
  );

/** The `<` in a chunk of UTF-8 XML: one per tag (a `<` in text is always written `&lt;`). */
function countTags(chunk: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x3c) n++;
  return n;
}

/**
 * Reads `word/document.xml` out of a .docx as a stream, counting entries and inflated bytes as
 * they come: declared sizes are checked first, and since a zip can lie about them, inflation
 * stops the moment the real output passes the limit. Nothing larger is ever held in memory.
 */
export function readDocumentXml(bytes: Uint8Array): string {
  // What inflation may produce, whatever the headers say: with data descriptors (flag bit 3) a
  // local header declares zero sizes, so only the bytes produced and the upload's size are known.
  const maxProduced = Math.min(DOCX_LIMITS.maxDocumentXmlBytes, Math.max(bytes.length, 1024) * DOCX_LIMITS.maxRatio);
  let entries = 0;
  let error: InputError | undefined;
  let found = false;
  let complete = false;
  let total = 0;
  let tags = 0;
  const chunks: Uint8Array[] = [];
  const unzip = new Unzip((file) => {
    if (error) return;
    if (++entries > DOCX_LIMITS.maxEntries) {
      error = tooLarge();
      return;
    }
    if (file.name !== 'word/document.xml') return;
    found = true;
    const declared = file.originalSize ?? 0;
    if (declared > DOCX_LIMITS.maxDocumentXmlBytes || (file.size !== undefined && declared > Math.max(file.size, 1024) * DOCX_LIMITS.maxRatio)) {
      error = tooLarge();
      return;
    }
    file.ondata = (err, chunk, final) => {
      if (error) return;
      if (err) {
        error = corrupt();
        return;
      }
      total += chunk.length;
      if (total > maxProduced) {
        error = tooLarge();
        file.terminate();
        return;
      }
      tags += countTags(chunk);
      if (tags > DOCX_LIMITS.maxTags) {
        error = tooManyTags();
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) complete = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // fflate inflates all it is given in one go before the first ondata: pushed whole, a bomb is
    // fully expanded before the counts above can stop it. So the input goes in slices that cannot
    // expand (deflate tops out near 1032:1) much past what may still be produced: at most 4 MB,
    // so that 30 MB of empty elements stops within a few MB of its millionth tag.
    for (let at = 0; at < bytes.length && !error; ) {
      const slice = Math.min(4096, Math.max(1024, Math.floor((maxProduced - total) / 1032)));
      unzip.push(bytes.subarray(at, at + slice), at + slice >= bytes.length);
      at += slice;
    }
  } catch {
    error ??= corrupt();
  }
  if (error) throw error;
  if (!found && !hasEndOfCentralDirectory(bytes)) throw corrupt();
  if (!found) throw new InputError('UNSUPPORTED_FORMAT', '这是一个 zip 压缩包，但不是 Word（.docx）文档：缺少 word/document.xml');
  if (!complete) throw corrupt();
  return new TextDecoder('utf-8').decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}

/** A complete zip ends with its central directory record; a truncated upload does not. */
function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 65_557; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
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
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (++depth > DOCX_LIMITS.maxDepth) throw tooDeep();
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
        depth--;
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

const tooDeep = () => new InputError('TOO_COMPLEX', `Word 文件的结构嵌套超过 ${DOCX_LIMITS.maxDepth} 层，不像正常的年报文档，已拒绝`);

export const extractDocxFile = (bytes: Uint8Array): Extracted => ({ blocks: extractDocx(bytes), encoding: 'docx', messages: [] });
