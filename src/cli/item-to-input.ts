import type { ConceptInput, InputContent, JsonObject, MediaSource, NewInput } from '../client/types';
import { derivedId } from './derived-id';
import { MARKER_KEY, type Marker } from './marker';
import { readFileContent, sha256Hex } from './sources/check-file';
import type { SourceItem } from './sources/source-item';

/** Annotations given on the command line, added to every input. */
export interface SharedAnnotations {
  concepts: string[];
  metadata?: JsonObject;
  datasetIds: string[];
  allowDuplicateUrl: boolean;
}

/** An input ready to send, with its management marker; or why its file cannot be sent. */
export type PreparedInput = { id: string; input: NewInput & { id: string }; marker: Marker } | { id: string; problem: string };

/** The item's own id, or one derived from its key, URL or text. */
export function itemId(item: SourceItem): string {
  return item.id ?? derivedId(item);
}

/**
 * The client's friendly input for a source item. File content is read here, once: its bytes
 * are sent and hashed for the marker. Command-line concepts and dataset ids are added to the
 * item's; command-line metadata is the base that the item's own metadata keys override, and
 * the marker (under MARKER_KEY) is added last.
 */
export async function itemToInput(item: SourceItem, shared: SharedAnnotations): Promise<PreparedInput> {
  const id = itemId(item);
  let content: InputContent;
  let sha256: string;
  if (item.file !== undefined && item.url === undefined) {
    const read = await readFileContent(item.file);
    if ('problem' in read) return { id, problem: `${item.file}: ${read.problem}` };
    sha256 = read.sha256;
    // Text files are small: their content goes inline, as the API's text.raw.
    content = item.kind === 'text' ? { text: { raw: read.bytes.toString('utf8') } } : mediaContent(item.kind, { bytes: read.bytes });
  } else if (item.url !== undefined) {
    sha256 = item.contentSha256 ?? sha256Hex(item.url);
    content = item.kind === 'text' ? { text: { url: item.url, ...dup(shared) } } : mediaContent(item.kind, { url: item.url, ...dup(shared) });
  } else {
    sha256 = sha256Hex(item.raw ?? '');
    content = { text: { raw: item.raw ?? '' } };
  }
  const input: NewInput & { id: string } = { id, ...content };
  const marker: Marker = { source: item.source, key: item.key ?? item.url ?? item.id ?? 'text', sha256 };
  const concepts: ConceptInput[] = [...shared.concepts, ...(item.concepts ?? [])];
  if (concepts.length > 0) input.concepts = concepts;
  if (item.negativeConcepts?.length) input.negativeConcepts = item.negativeConcepts;
  input.metadata = { ...shared.metadata, ...(item.metadata as JsonObject | undefined), [MARKER_KEY]: { ...marker } };
  const datasets = [...shared.datasetIds, ...(item.datasetIds ?? [])];
  if (datasets.length > 0) input.datasetIds = datasets;
  if (item.geo) input.geo = item.geo;
  return { id, input, marker };
}

function mediaContent(kind: 'image' | 'video' | 'audio', media: MediaSource): InputContent {
  if (kind === 'image') return { image: media };
  return kind === 'video' ? { video: media } : { audio: media };
}

function dup(shared: SharedAnnotations): { allowDuplicateUrl?: boolean } {
  return shared.allowDuplicateUrl ? { allowDuplicateUrl: true } : {};
}
