/** What the /check script reads from the API's answers (shared/site/check-script.ts); types only, erased from the script. */

export interface FindingView {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface MessageView {
  level: 'error' | 'warning' | 'info';
  code?: string;
  message: string;
}

export interface VerdictView {
  ok: boolean;
  checked: boolean;
  unread: { table: string; rows?: string[] }[];
  entered?: string[];
  report?: { title?: string; agency?: string; year?: number | null };
  findings: FindingView[];
  messages: MessageView[];
  year?: number | null;
  html?: string;
}

export interface PublishView {
  agency: string;
  year: number;
  version: number;
  hasErrors?: boolean;
  checked?: boolean;
  findings?: FindingView[];
  entered?: string[];
}

export interface StartedUpload {
  id: string;
  url: string;
  headers: Record<string, string>;
}

export interface UploadStatus {
  status: 'pending' | 'stored' | 'refused';
  result?: PublishView & { status: number };
  problem?: { detail?: string };
}

export type Answer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; detail: string };
