import { InputError } from './detect';
import type { Extracted } from './input-kinds';

// Placeholder until the PDF reader lands: refuse, saying what to upload instead.
export async function extractPdf(_bytes: Uint8Array): Promise<Extracted> {
  throw new InputError('UNSUPPORTED_FORMAT', 'PDF 文件暂不支持：请上传年报的文本、网页（HTML）或 Word（.docx）版本');
}
