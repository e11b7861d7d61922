import type { PageItem, Piece } from './page-model';

export const PAGE_NUMBER =
  /^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*\/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?)$/i;

/**
 * Running headers and footers: text repeated at the same height on most pages (digits may
 * differ: dates, page numbers), and page numbers at the top or bottom edge.
 */
export function dropRunningLines(pages: { height: number; items: PageItem[] }[]): void {
  const key = (p: Piece) => `${Math.round(p.y / 4)}|${p.text.replace(/\d+/g, '#').replace(/\s+/g, '')}`;
  const seen = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set<string>();
    for (const item of page.items) if (item.kind === 'piece' && isEdge(item.piece, page.height)) keys.add(key(item.piece));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const need = Math.max(2, Math.ceil(pages.length / 2));
  for (const page of pages) {
    page.items = page.items.filter((item) => {
      if (item.kind !== 'piece' || !isEdge(item.piece, page.height)) return true;
      if (pages.length >= 2 && (seen.get(key(item.piece)) ?? 0) >= need) return false;
      return !PAGE_NUMBER.test(item.piece.text);
    });
  }
}

/** The top and bottom eighth of the page, where running lines live. */
const isEdge = (p: Piece, height: number) => p.y > height * 0.875 || p.y < height * 0.125;
