import type { Data, HostedURL, ImageInfo, Input } from '../../generated/clarifai/api/resources.pb';
import type { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { makeStatus } from '../service/status';
import type { InputKind, StoredData } from './stored-data';

/** One row of the `inputs` table. */
export interface InputRow {
  seq: number;
  user_id: string;
  app_id: string;
  id: string;
  kind: InputKind;
  url: string | null;
  allow_dup_url: number;
  text_raw: string | null;
  blob_token: string | null;
  upload_check: string | null;
  image_info: string | null;
  data_json: string;
  status_code: number;
  status_details: string;
  created_at: number;
  modified_at: number;
  /** The inputs-add job it was posted under, if any. */
  job_id: string | null;
}

/** What processing reads of a queued input: enough to settle it or download it. */
export type QueuedInput = Pick<InputRow, 'seq' | 'kind' | 'url' | 'text_raw' | 'blob_token' | 'upload_check'>;

const NO_BYTES = new Uint8Array(0);

/** The size name of the only hosted rendition: the bytes as uploaded or downloaded. */
export const HOSTED_SIZE = 'orig';

/**
 * The Input message for a stored row. Bytes are never echoed back: an input with stored bytes
 * carries `hosted`, whose URL serves them.
 */
export function rowToInput(row: InputRow, hostedPrefix: string): Input {
  const stored = JSON.parse(row.data_json) as StoredData;
  const createdAt = new Date(row.created_at);
  const hosted: HostedURL | undefined = row.blob_token ? { prefix: hostedPrefix, suffix: row.blob_token, sizes: [HOSTED_SIZE] } : undefined;
  const url = row.url ?? '';
  const allowDuplicateUrl = row.allow_dup_url === 1;
  const data: Data = {
    image: undefined,
    video: undefined,
    audio: undefined,
    text: undefined,
    concepts: stored.concepts.map((c) => ({ id: c.id, name: c.name, value: c.value, createdAt, appId: row.app_id })),
    metadata: stored.metadata,
    geo: stored.geo ? { geoPoint: { longitude: stored.geo.longitude, latitude: stored.geo.latitude } } : undefined,
  };
  switch (row.kind) {
    case 'image': {
      const imageInfo = row.image_info ? (JSON.parse(row.image_info) as ImageInfo) : undefined;
      data.image = { url, base64: NO_BYTES, allowDuplicateUrl, hosted, imageInfo };
      break;
    }
    case 'video':
      data.video = { url, base64: NO_BYTES, allowDuplicateUrl, hosted };
      break;
    case 'audio':
      data.audio = { url, base64: NO_BYTES, allowDuplicateUrl, hosted };
      break;
    case 'text':
      data.text = { raw: row.text_raw ?? '', url, allowDuplicateUrl, hosted };
      break;
  }
  return {
    id: row.id,
    data,
    createdAt,
    modifiedAt: new Date(row.modified_at),
    status: makeStatus(row.status_code as StatusCode, row.status_details),
    datasetIds: stored.datasetIds,
  };
}
