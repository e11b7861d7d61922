// What the PDF bench takes from the bundled parser (bundled-parser.ts).
export { checkReport } from '../shared/check/check-report';
export { loadPdfjs } from '../shared/parse/extract-pdf';
export { parseReport } from '../shared/parse/pipeline';
export { renderReport } from '../shared/render/render-report';
