import type { Input } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { annotationProblem, datasetIdsProblem, toStoredData } from './annotations';
import { idProblem } from './ids';
import { checkContent, type ContentCheck } from '../processing/check-content';
import type { InputKind, StoredData } from '../store/stored-data';

/** A checked input of PostInputs, ready to store (its id may still be empty). */
export interface InputPlan {
  id: string;
  kind: InputKind;
  url: string | null;
  allowDupUrl: boolean;
  textRaw: string | null;
  bytes: Uint8Array | null;
  /** What `bytes` are (content type, image_info) or why processing will fail them. */
  bytesCheck: ContentCheck | null;
  stored: StoredData;
}

export interface InputRefusal {
  code: StatusCode;
  details: string;
}

const KINDS: InputKind[] = ['image', 'video', 'audio', 'text'];

function refuse(code: StatusCode, details: string): InputRefusal {
  return { code, details };
}

/** Names an input in messages: its position and, when set, its id. */
export function describeInput(index: number, id: string): string {
  return id ? `inputs[${index}] (id ${JSON.stringify(id)})` : `inputs[${index}]`;
}

/** Checks one PostInputs input: a plan to store it, or why it is refused. */
export function planInput(input: Input, index: number, maxBytes: number): InputPlan | InputRefusal {
  const where = describeInput(index, input.id);
  if (input.id) {
    const p = idProblem(input.id);
    if (p) return refuse(StatusCode.INPUT_INVALID_ARGUMENT, `${where}: ${p}`);
  }
  const data = input.data;
  const present = data ? KINDS.filter((k) => data[k] !== undefined) : [];
  if (!data || present.length === 0) {
    return refuse(StatusCode.INPUT_INVALID_ARGUMENT, `${where} has no content: set exactly one of data.image, data.video, data.audio or data.text`);
  }
  if (present.length > 1) {
    return refuse(StatusCode.INPUT_INVALID_ARGUMENT, `${where} has ${present.length} kinds of content (${present.join(', ')}): set exactly one`);
  }
  const kind = present[0] as InputKind;
  let url = '';
  let bytes: Uint8Array | null = null;
  let textRaw: string | null = null;
  let allowDupUrl = false;
  if (kind === 'text') {
    const text = data.text!;
    url = text.url;
    allowDupUrl = text.allowDuplicateUrl;
    if (text.raw && url) return refuse(StatusCode.INPUT_INVALID_ARGUMENT, `${where}: data.text has both raw and url: set one`);
    if (!text.raw && !url) return refuse(StatusCode.INPUT_INVALID_ARGUMENT, `${where}: data.text has neither raw nor url`);
    if (text.raw) {
      if (Buffer.byteLength(text.raw) > maxBytes) return refuse(StatusCode.INPUT_OVER_LIMIT, `${where}: data.text.raw is over the ${maxBytes}-byte limit`);
      textRaw = text.raw;
    }
  } else {
    const media = data[kind]!;
    url = media.url;
    allowDupUrl = media.allowDuplicateUrl;
    const hasBytes = media.base64.length > 0;
    if (hasBytes && url) return refuse(StatusCode.INPUT_INVALID_ARGUMENT, `${where}: data.${kind} has both url and base64 (bytes): set one`);
    if (!hasBytes && !url) return refuse(StatusCode.INPUT_INVALID_ARGUMENT, `${where}: data.${kind} has neither url nor base64 (bytes)`);
    if (hasBytes) {
      if (media.base64.length > maxBytes) {
        return refuse(StatusCode.INPUT_OVER_LIMIT, `${where}: data.${kind}.base64 is ${media.base64.length} bytes; the limit is ${maxBytes}`);
      }
      bytes = media.base64;
    }
  }
  if (url) {
    const p = urlProblem(url);
    if (p) return refuse(StatusCode.INPUT_INVALID_URL, `${where}: data.${kind}.url ${p}`);
  }
  const annotations = annotationProblem(data, where) ?? datasetIdsProblem(input.datasetIds, where);
  if (annotations) return refuse(StatusCode.INPUT_INVALID_ARGUMENT, annotations);
  // Checked here, while the bytes are in memory: the blob row is then written once, with its
  // content type, and processing never reads it back.
  const bytesCheck = bytes ? checkContent(kind, bytes, 'uploaded bytes') : null;
  return { id: input.id, kind, url: url || null, allowDupUrl, textRaw, bytes, bytesCheck, stored: toStoredData(data, input.datasetIds) };
}

function urlProblem(url: string): string | undefined {
  if (url.length > 4096) return 'is longer than 4096 characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a valid URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${JSON.stringify(url)} is not an http or https URL`;
  return undefined;
}

export function isRefusal(plan: InputPlan | InputRefusal): plan is InputRefusal {
  return 'code' in plan;
}
