import type { ImageInfo } from '../../generated/clarifai/api/resources.pb';
import type { InputRow } from '../store/input-row';
import { download, type DownloadLimits } from './download';
import { sniffImage } from './sniff-image';

/** What processing decided for one input. */
export type Outcome =
  | {
      kind: 'success';
      /** Downloaded bytes to store and host. */
      newBlob?: { bytes: Buffer; contentType: string };
      /** Content type learnt for bytes stored at upload. */
      contentType?: string;
      imageInfo?: ImageInfo;
    }
  | { kind: 'failed'; details: string }
  /** Cut short because the emulator is stopping: back to pending. */
  | { kind: 'requeue' };

export interface ProcessDeps {
  limits: DownloadLimits;
  readBlob: (token: string) => Buffer | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function checkBytes(row: InputRow, bytes: Buffer, where: string, contentType: string): Outcome {
  if (row.kind === 'image') {
    const sniffed = sniffImage(bytes);
    if (!sniffed.ok) return { kind: 'failed', details: `${sniffed.reason} (${where})` };
    const { format, width, height, colorMode, mimeType } = sniffed.image;
    return { kind: 'success', imageInfo: { format, width, height, colorMode }, contentType: mimeType };
  }
  if (row.kind === 'text') {
    try {
      utf8.decode(bytes);
    } catch {
      return { kind: 'failed', details: `not text: the bytes are not valid UTF-8 (${where})` };
    }
    return { kind: 'success', contentType: contentType || 'text/plain; charset=utf-8' };
  }
  // Video and audio are stored as given: their containers are not inspected.
  return { kind: 'success', contentType: contentType || 'application/octet-stream' };
}

/**
 * Processes one claimed input: downloads URL inputs, and checks image bytes (format and size)
 * and text (UTF-8). Never throws for bad content; the outcome says why it failed.
 */
export async function processInput(row: InputRow, deps: ProcessDeps, stop: AbortSignal): Promise<Outcome> {
  if (row.kind === 'text' && row.text_raw !== null) return { kind: 'success' };
  if (row.url) {
    const got = await download(row.url, deps.limits, stop);
    if (!got.ok) return got.aborted ? { kind: 'requeue' } : { kind: 'failed', details: got.reason };
    if (got.bytes.length === 0) return { kind: 'failed', details: `empty body from ${row.url}` };
    const checked = checkBytes(row, got.bytes, `downloaded from ${row.url}`, got.contentType);
    if (checked.kind !== 'success') return checked;
    return { ...checked, newBlob: { bytes: got.bytes, contentType: checked.contentType ?? 'application/octet-stream' } };
  }
  const bytes = row.blob_token ? deps.readBlob(row.blob_token) : undefined;
  if (!bytes) return { kind: 'failed', details: 'the uploaded bytes are missing from the store' };
  return checkBytes(row, bytes, 'uploaded bytes', '');
}
