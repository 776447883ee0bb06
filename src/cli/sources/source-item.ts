import type { MediaKind } from './media-kind';

/**
 * One input read from a command-line source, before it becomes an API input. `origin` says
 * where it came from ("photos/cat.jpg", "list.csv:12") for progress, errors and reports.
 */
export interface SourceItem {
  origin: string;
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
}
