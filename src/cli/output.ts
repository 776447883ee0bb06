import type { Input } from '../generated/clarifai/api/resources.pb';
import { Input as InputCodec } from '../generated/clarifai/api/resources.pb';
import { statusCodeName } from '../status-code-name';

/** An input as the CLI prints it in JSON: the API's JSON form (camelCase, bytes as base64). */
export function inputJson(input: Input): unknown {
  return InputCodec.toJSON(input);
}

/** The content's kind and location in a few words: "image http://...", "image (12345 bytes)". */
export function describeContent(input: Input): string {
  const data = input.data;
  if (!data) return '-';
  for (const kind of ['image', 'video', 'audio'] as const) {
    const media = data[kind];
    if (!media) continue;
    if (media.url) return `${kind} ${media.url}`;
    return `${kind} (${media.base64.length} bytes)`;
  }
  if (data.text) return data.text.url ? `text ${data.text.url}` : `text "${truncate(data.text.raw, 30)}"`;
  return '-';
}

/** A fixed-width table of inputs: id, status, content, concepts. */
export function inputTable(inputs: Input[]): string {
  const rows = inputs.map((i) => [
    i.id,
    i.status ? statusCodeName(i.status.code) : '-',
    truncate(describeContent(i), 60),
    (i.data?.concepts ?? []).map((c) => (c.value > 0 ? c.id : `!${c.id}`)).join(',') || '-',
  ]);
  const header = ['ID', 'STATUS', 'CONTENT', 'CONCEPTS'];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  return [header, ...rows].map((r) => r.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
