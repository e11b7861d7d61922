/**
 * The form names are searched in: NFKC (full-width letters and digits), lower case, no spaces. A
 * report's searchable text is its agency's name and aliases, one per line.
 */
export const searchText = (names: readonly string[]): string =>
  names
    .map((n) => n.normalize('NFKC').toLowerCase().replace(/\s+/g, ''))
    .filter(Boolean)
    .join('\n');
