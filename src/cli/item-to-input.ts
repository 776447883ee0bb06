import { readFile } from 'node:fs/promises';
import type { ConceptInput, InputContent, JsonObject, MediaSource, NewInput } from '../client/types';
import { derivedId } from './derived-id';
import type { SourceItem } from './sources/source-item';

/** Annotations given on the command line, added to every input. */
export interface SharedAnnotations {
  concepts: string[];
  metadata?: JsonObject;
  datasetIds: string[];
  allowDuplicateUrl: boolean;
}

/**
 * The client's friendly input for a source item, with the item's own id or a derived one.
 * Command-line concepts and dataset ids are added to the item's; command-line metadata is the
 * base that the item's own metadata keys override.
 */
export async function itemToInput(item: SourceItem, shared: SharedAnnotations): Promise<NewInput & { id: string }> {
  const input: NewInput & { id: string } = { id: item.id ?? derivedId(item), ...(await contentOf(item, shared)) };
  const concepts: ConceptInput[] = [...shared.concepts, ...(item.concepts ?? [])];
  if (concepts.length > 0) input.concepts = concepts;
  if (item.negativeConcepts?.length) input.negativeConcepts = item.negativeConcepts;
  if (shared.metadata || item.metadata) input.metadata = { ...shared.metadata, ...(item.metadata as JsonObject | undefined) };
  const datasets = [...shared.datasetIds, ...(item.datasetIds ?? [])];
  if (datasets.length > 0) input.datasetIds = datasets;
  if (item.geo) input.geo = item.geo;
  return input;
}

async function contentOf(item: SourceItem, shared: SharedAnnotations): Promise<InputContent> {
  if (item.kind === 'text') {
    // Text files are small: their content goes inline, as the API's text.raw.
    return { text: item.url ? { url: item.url, ...dup(shared) } : { raw: item.raw ?? (await readFile(item.file ?? '', 'utf8')) } };
  }
  const media: MediaSource = item.url ? { url: item.url, ...dup(shared) } : { file: item.file ?? '' };
  if (item.kind === 'image') return { image: media };
  return item.kind === 'video' ? { video: media } : { audio: media };
}

function dup(shared: SharedAnnotations): { allowDuplicateUrl?: boolean } {
  return shared.allowDuplicateUrl ? { allowDuplicateUrl: true } : {};
}
