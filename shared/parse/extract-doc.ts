import { InputError } from './detect';
import type { Extracted } from './input-kinds';

// Placeholder until the Word 97 reader lands: refuse, saying what to upload instead.
export async function extractDoc(_bytes: Uint8Array): Promise<Extracted> {
  throw new InputError('UNSUPPORTED_FORMAT', '旧版 Word（.doc）文件暂不支持：请在 Word 中另存为 .docx 后上传');
}
