import type { Input } from '../generated/clarifai/api/resources.pb';
import { Input as InputCodec } from '../generated/clarifai/api/resources.pb';
import { statusCodeName } from '../status-code-name';

/**
 * An input as the CLI prints it in JSON: the API's JSON form (camelCase, bytes as base64), with
 * two changes that make it safe to read: `status.code` is the number (plus `codeName`), and every
 * concept carries its `value`, so an absent concept (0) is not mistaken for a present one.
 */
export function inputJson(input: Input): unknown {
  const json = InputCodec.toJSON(input) as { status?: object; data?: { concepts?: object[] } };
  if (input.status && json.status) json.status = { ...json.status, code: input.status.code, codeName: statusCodeName(input.status.code) };
  const concepts = input.data?.concepts;
  if (concepts && json.data?.concepts) json.data.concepts = json.data.concepts.map((c, i) => ({ ...c, value: concepts[i]?.value ?? 0 }));
  return json;
}

/** The content's kind and where it is, in a few words. */
export function describeContent(input: Input): string {
  const data = input.data;
  if (!data) return '-';
  for (const kind of ['image', 'video', 'audio'] as const) {
    const media = data[kind];
    if (!media) continue;
    if (media.url) return `${kind} ${media.url}`;
    const info = kind === 'image' ? data.image?.imageInfo : undefined;
    if (info && info.width > 0) return `${kind} uploaded, ${info.width}x${info.height} ${info.format}`;
    if (media.base64.length > 0) return `${kind} uploaded, ${media.base64.length} bytes`;
    return `${kind} uploaded`;
  }
  // As a JSON string, so a line break or a quote in the text cannot break the table's row.
  if (data.text) return data.text.url ? `text ${data.text.url}` : `text ${JSON.stringify(truncate(data.text.raw, 30))}`;
  return '-';
}

function conceptList(input: Input): string {
  return (input.data?.concepts ?? []).map((c) => (c.value > 0 ? c.id : `!${c.id}`)).join(',') || '-';
}

/** A fixed-width table of inputs: id, status, content, concepts (`!id` marks an absent one). */
export function inputTable(inputs: Input[]): string {
  const rows = inputs.map((i) => [i.id, i.status ? statusCodeName(i.status.code) : '-', truncate(describeContent(i), 60), conceptList(i)]);
  const header = ['ID', 'STATUS', 'CONTENT', 'CONCEPTS'];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  return [header, ...rows].map((r) => r.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** Everything about one input, one field per line, for `get`. */
export function inputDetails(input: Input): string {
  const status = input.status;
  const hosted = input.data?.image?.hosted ?? input.data?.video?.hosted ?? input.data?.audio?.hosted;
  const lines: [string, string | undefined][] = [
    ['id', input.id],
    ['status', status ? `${statusCodeName(status.code)} (${status.code})${status.description ? ` ${status.description}` : ''}` : undefined],
    ['details', status?.details || undefined],
    ['content', describeContent(input)],
    ['hosted', hosted?.prefix ? `${hosted.prefix}/${hosted.sizes[0] ?? 'orig'}/${hosted.suffix}` : undefined],
    ['concepts', input.data?.concepts.length ? input.data.concepts.map((c) => `${c.id}=${c.value}`).join(', ') : undefined],
    ['metadata', input.data?.metadata ? JSON.stringify(input.data.metadata) : undefined],
    ['datasets', input.datasetIds.length ? input.datasetIds.join(', ') : undefined],
    ['geo', input.data?.geo?.geoPoint ? `${input.data.geo.geoPoint.latitude}, ${input.data.geo.geoPoint.longitude}` : undefined],
    ['created', input.createdAt?.toISOString()],
    ['modified', input.modifiedAt?.toISOString()],
  ];
  return lines
    .filter((line): line is [string, string] => line[1] !== undefined)
    .map(([k, v]) => `${k.padEnd(9)} ${v}`)
    .join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `1 input`, `2 inputs`: a count of inputs for a message. */
export function inputsCount(n: number): string {
  return `${n} ${n === 1 ? 'input' : 'inputs'}`;
}
