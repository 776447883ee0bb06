import type { ImageInfo } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { QueuedInput } from '../store/input-row';
import { checkContent, type ContentCheck } from './check-content';
import { download, type DownloadLimits } from './download';

/** What processing decided for one input. */
export type Outcome =
  | {
      kind: 'success';
      /** Downloaded bytes to store and host. */
      newBlob?: { bytes: Buffer; contentType: string };
      imageInfo?: ImageInfo;
    }
  | { kind: 'failed'; details: string }
  /** Cut short because the emulator is stopping: back to pending. */
  | { kind: 'requeue' };

export interface ProcessDeps {
  limits: DownloadLimits;
}

function outcomeOf(check: ContentCheck): Outcome {
  if (!check.ok) return { kind: 'failed', details: check.details };
  return check.imageInfo ? { kind: 'success', imageInfo: check.imageInfo } : { kind: 'success' };
}

/**
 * The outcome of an input that needs no download (raw text, uploaded bytes), or undefined for
 * a URL input. Uploaded bytes were checked by PostInputs while they were in memory
 * (`upload_check`), so they are never read back.
 */
export function settleWithoutDownload(row: QueuedInput): Outcome | undefined {
  if (row.kind === 'text' && row.text_raw !== null) return { kind: 'success' };
  if (row.url) return undefined;
  if (!row.blob_token || !row.upload_check) return { kind: 'failed', details: 'the uploaded bytes or their check are missing from the store' };
  return outcomeOf(JSON.parse(row.upload_check) as ContentCheck);
}

/** The final state an outcome of `settleWithoutDownload` gives a row: status, details, image_info. */
export interface SettledState {
  code: StatusCode;
  details: string;
  imageInfo: string | null;
}

export function settledState(outcome: Outcome): SettledState {
  if (outcome.kind === 'failed') return { code: StatusCode.INPUT_FAILED, details: outcome.details, imageInfo: null };
  if (outcome.kind === 'success') return { code: StatusCode.INPUT_SUCCESS, details: '', imageInfo: outcome.imageInfo ? JSON.stringify(outcome.imageInfo) : null };
  throw new Error('settledState: an input put back to pending has no final state');
}

/**
 * Processes one claimed input: downloads URL inputs and checks their bytes (image format and
 * size, UTF-8 text); settles the others by `settleWithoutDownload`. Never throws for bad
 * content; the outcome says why it failed.
 */
export async function processInput(row: QueuedInput, deps: ProcessDeps, stop: AbortSignal): Promise<Outcome> {
  const settled = settleWithoutDownload(row);
  if (settled) return settled;
  const url = row.url as string; // every input without a URL was settled above
  const got = await download(url, deps.limits, stop);
  if (!got.ok) return got.aborted ? { kind: 'requeue' } : { kind: 'failed', details: got.reason };
  if (got.bytes.length === 0) return { kind: 'failed', details: `empty body from ${url}` };
  const check = checkContent(row.kind, got.bytes, `downloaded from ${url}`, got.contentType);
  if (!check.ok) return { kind: 'failed', details: check.details };
  const newBlob = { bytes: got.bytes, contentType: check.contentType };
  return check.imageInfo ? { kind: 'success', newBlob, imageInfo: check.imageInfo } : { kind: 'success', newBlob };
}
