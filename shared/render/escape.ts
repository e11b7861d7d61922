const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one way input text enters markup: as escaped text, never as markup, attribute or URL. */
export const escapeHtml = (s: string): string => (NEEDS_ESCAPE.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : s);
/** Most report text has nothing to escape: one scan, and no replace call with its callback. */
const NEEDS_ESCAPE = /[&<>"']/;
