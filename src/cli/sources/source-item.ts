import type { MediaKind } from './media-kind';

/**
 * One input read from a command-line source, before it becomes an API input. `origin` says
 * where it came from ("photos/cat.jpg", "list.csv:12") for progress, errors and reports.
 * `key` names the entry within its source, independent of where the source lies on disk: a
 * folder file's path relative to the folder given (with `/`), a row's file path relative to
 * its CSV/JSONL file. `source` names the source itself (see `--source-name`).
 */
export interface SourceItem {
  origin: string;
  source: string;
  key?: string;
  id?: string;
  kind: MediaKind;
  url?: string;
  file?: string;
  raw?: string;
  concepts?: (string | { id: string; value?: number; name?: string })[];
  negativeConcepts?: string[];
  metadata?: Record<string, unknown>;
  datasetIds?: string[];
  geo?: { latitude: number; longitude: number };
  /** For an exported input read back: the content hash its marker recorded (see exported-input.ts). */
  contentSha256?: string;
}

/** An entry of a source that is not sent, and why ("dotfile", "dangling symlink", ...). */
export interface SkippedEntry {
  path: string;
  reason: string;
}
