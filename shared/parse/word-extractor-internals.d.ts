// word-extractor's public API flattens Word's cell and row marks (see extract-doc.ts), so the reader
// builds on its OLE and Word classes, whose shapes are declared here as far as extract-doc.ts uses them.
declare module 'word-extractor/lib/word-ole-extractor.js' {
  export interface Piece {
    startCp: number;
    endCp: number;
    startFilePos: number;
    endFilePos: number;
    bpc: 1 | 2;
    text: string;
  }
  export default class WordOleExtractor {
    _pieces: Piece[];
    _boundaries: { ccpText: number; [k: string]: number };
    extract(reader: unknown): Promise<unknown>;
    extractWordDocument(document: unknown, buffer: Buffer): Promise<unknown>;
    documentStream(document: unknown, name: string): Promise<NodeJS.ReadableStream>;
    streamBuffer(stream: NodeJS.ReadableStream): Promise<Buffer>;
    writeBookmarks(buffer: Buffer, table: Buffer): void;
    writePieces(buffer: Buffer, table: Buffer): void;
    writeParagraphProperties(buffer: Buffer, table: Buffer): void;
    writeCharacterProperties(buffer: Buffer, table: Buffer): void;
    buildDocument(): unknown;
  }
}
declare module 'word-extractor/lib/ole-compound-doc.js' {
  export default class OleCompoundDoc {
    constructor(reader: unknown);
    _SAT: { _table: number[]; getSecIdChain(start: number): number[] };
    _SSAT: { _table: number[]; getSecIdChain(start: number): number[] };
    _rootStorage: { _dirEntry: { streams: Record<string, unknown>; storages: Record<string, unknown> } };
    _directoryTree: unknown;
    _shortStreamSecIds: number[];
    _header: { secSize: number; shortSecSize: number; SATSize: number; SSATSize: number; MSATSize: number; shortStreamMax: number; dirSecId: number };
    _readDirectoryTree(): Promise<void>;
    read(): Promise<OleCompoundDoc>;
    _readHeader(): Promise<void>;
    _readSAT(): Promise<void>;
    _readSSAT(): Promise<void>;
    stream(name: string): NodeJS.ReadableStream;
  }
}
declare module 'word-extractor/lib/buffer-reader.js' {
  export default class BufferReader {
    constructor(buffer: Buffer);
  }
}
declare module 'word-extractor/lib/ole-directory-tree.js' {
  export interface DirEntry {
    secId: number;
    left: number;
    right: number;
    storageDirId: number;
  }
  export default class DirectoryTree {
    constructor(doc: unknown);
    root: DirEntry | undefined;
    _entries: DirEntry[];
    load(secIds: number[]): Promise<void>;
    _getChildIds(entry: DirEntry): number[];
  }
}
declare module 'word-extractor/lib/ole-storage.js' {
  export default class Storage {
    constructor(doc: unknown, entry: unknown);
    _dirEntry: { streams: Record<string, unknown>; storages: Record<string, unknown> };
  }
}
