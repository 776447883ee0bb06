import type { InputsClient } from '../client/inputs-client';
import type { FailedInput, NewInput } from '../client/types';
import type { Input } from '../generated/clarifai/api/resources.pb';
import { isDuplicateIdRefusal } from '../duplicate-id';
import { MARKER_KEY, markerOf, type Marker } from './marker';

export function isDuplicateId(failed: FailedInput): boolean {
  return isDuplicateIdRefusal(failed);
}

/** An input sent, with its marker. */
export interface SentInput {
  input: NewInput & { id: string };
  marker: Marker;
}

/** For each duplicate-id refusal: undefined when the stored input is this one, else what differs. */
export type DuplicateVerdicts = Map<string, string | undefined>;

/**
 * Reads the stored inputs behind duplicate-id refusals and says, for each, whether it is this
 * same input landed by an earlier run. Compared, in order: the content hash in both markers
 * (file bytes, URL or text); without a stored marker, the URL or text itself; for file content
 * without a stored marker, nothing can be compared, so only a --resume rerun counts it as ours.
 */
export async function judgeDuplicates(
  client: InputsClient,
  duplicates: readonly FailedInput[],
  sent: ReadonlyMap<string, SentInput>,
  resuming: boolean,
  signal: AbortSignal,
): Promise<DuplicateVerdicts> {
  const verdicts: DuplicateVerdicts = new Map();
  if (duplicates.length === 0) return verdicts;
  const ids = duplicates.map((d) => d.id);
  const stored = new Map((await client.listInputsPage({ ids, perPage: ids.length, signal })).map((i) => [i.id, i]));
  for (const id of ids) {
    const ours = sent.get(id);
    const found = stored.get(id);
    if (!ours) verdicts.set(id, 'not sent by this run');
    else if (!found) verdicts.set(id, 'the stored input could not be read back');
    else verdicts.set(id, difference(ours, found, resuming));
  }
  return verdicts;
}

function difference(sent: SentInput, stored: Input, resuming: boolean): string | undefined {
  const marker = markerOf(stored);
  if (marker) {
    if (marker.sha256 === sent.marker.sha256) return undefined;
    return `compared the SHA-256 of the content (metadata ${MARKER_KEY}.sha256): stored ${marker.sha256.slice(0, 12)}… (${marker.source}:${marker.key}), this ${sent.marker.sha256.slice(0, 12)}… (${sent.marker.key}); use sync to replace changed content`;
  }
  const data = stored.data;
  const input = sent.input;
  for (const kind of ['image', 'video', 'audio'] as const) {
    const media = input[kind];
    if (!media) continue;
    if ('url' in media) return data?.[kind]?.url === media.url ? undefined : `compared the URL: stored ${data?.[kind]?.url || `no ${kind} URL`}, this ${media.url}`;
    if (resuming && data?.[kind] !== undefined) return undefined;
    return `the stored input has no content hash (metadata ${MARKER_KEY}), so its bytes could not be compared with this file's`;
  }
  if (input.text && 'raw' in input.text) return data?.text?.raw === input.text.raw ? undefined : 'compared the text: it differs';
  if (input.text && 'url' in input.text) return data?.text?.url === input.text.url ? undefined : `compared the URL: stored ${data?.text?.url || 'no text URL'}, this ${input.text.url}`;
  return 'nothing to compare';
}
