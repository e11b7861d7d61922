import type { ParseMessage } from '../model/findings';
import type { Block } from './blocks';

/** What an extractor hands to the mapper, whatever the kind of file. */
export interface Extracted {
  blocks: Block[];
  /** the text encoding read, or the container format ("pdf", "docx") */
  encoding: string;
  messages: ParseMessage[];
  /** the file has no text to read (a scanned PDF): archive it, unchecked */
  imageOnly?: boolean;
  /** metadata the container carries besides the text (HTML <title> and <meta>, PDF info) */
  meta?: DocumentMeta;
}

export interface DocumentMeta {
  /** a title the container states (HTML <title>, <meta name="ArticleTitle">, PDF Title) */
  title?: string;
  /** the publishing agency (<meta name="ContentSource">) */
  source?: string;
  /** the publication date as written (<meta name="PubDate">) */
  published?: string;
}

export interface ExtractHints {
  /** charset named by the Content-Type header */
  charset?: string;
}

export interface InputKindDef {
  /** the extension the archive gives the original */
  ext: string;
  /** the Content-Type the original is stored and served with (text kinds add their charset) */
  contentType: string;
  /** other Content-Types a client may send for this kind */
  aliases?: readonly string[];
  /** what a clerk calls it */
  label: string;
  /** loaded on first use, so a function that never sees a PDF never loads the PDF library */
  extract: (bytes: Uint8Array, hints: ExtractHints) => Promise<Extracted>;
}

/** Imports a module once: a dynamic import() resolves its specifier on every call. */
const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
};

const textModule = once(() => import('./extract-text'));
const htmlModule = once(() => import('./extract-html'));
const docxModule = once(() => import('./extract-docx'));
const docModule = once(() => import('./extract-doc'));
const pdfModule = once(() => import('./extract-pdf'));
const preflightModule = once(() => import('./pdf-preflight'));

/**
 * Every kind of file the archive reads, in one table: adding a kind is a row here and its
 * extractor module. Detection (detect.ts) decides the kind from the bytes alone.
 */
export const INPUT_KINDS = {
  text: {
    ext: 'txt',
    contentType: 'text/plain',
    label: '文本',
    extract: async (bytes, hints) => (await textModule()).extractTextFile(bytes, hints),
  },
  html: {
    ext: 'html',
    contentType: 'text/html',
    aliases: ['application/xhtml+xml'],
    label: '网页（HTML）',
    extract: async (bytes, hints) => (await htmlModule()).extractHtmlFile(bytes, hints),
  },
  docx: {
    ext: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word（.docx）',
    extract: async (bytes) => (await docxModule()).extractDocxFile(bytes),
  },
  doc: {
    ext: 'doc',
    contentType: 'application/msword',
    label: 'Word 97-2003（.doc）',
    extract: async (bytes) => (await docModule()).extractDoc(bytes),
  },
  pdf: {
    ext: 'pdf',
    contentType: 'application/pdf',
    aliases: ['application/x-pdf'],
    label: 'PDF',
    // The preflight refuses a file whose streams, operators, nesting or pages are past any report's
    // before pdfjs (which bounds none of them) starts on it.
    // Its decoded content streams give the PDF reader the pages' ruling lines.
    extract: async (bytes) => {
      const scan = (await preflightModule()).preflightPdf(bytes);
      return (await pdfModule()).extractPdf(bytes, scan?.contents);
    },
  },
} as const satisfies Record<string, InputKindDef>;

export type InputKind = keyof typeof INPUT_KINDS;
export const INPUT_KIND_NAMES = Object.keys(INPUT_KINDS) as InputKind[];
