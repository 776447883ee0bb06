import type { Data } from '../../generated/clarifai/api/resources.pb';
import type { InputRow } from '../store/input-row';
import type { InputKind } from '../store/stored-data';

const KINDS: readonly InputKind[] = ['image', 'video', 'audio', 'text'];

/**
 * What content a PatchInputs input would change, or undefined when it changes none. The official
 * SDKs patch with whole inputs (content and annotations), so content equal to what is stored is
 * accepted and ignored: the same kind, and each given part (URL, raw text, bytes) equal to the
 * stored one. Parts not given, and `allow_duplicate_url`, `hosted` and `image_info`, are not
 * compared. `readBytes` returns the stored bytes of the input, when it has any.
 */
export function contentChange(row: InputRow, data: Data | undefined, readBytes: () => Buffer | undefined): string | undefined {
  for (const kind of KINDS) {
    const given = data?.[kind];
    if (given === undefined) continue;
    const url = given.url;
    const raw = kind === 'text' ? (given as NonNullable<Data['text']>).raw : '';
    const bytes = kind === 'text' ? new Uint8Array(0) : (given as NonNullable<Data['image']>).base64;
    if (url === '' && raw === '' && bytes.length === 0) continue; // nothing of the content given
    if (kind !== row.kind) return `data.${kind} (the input holds ${row.kind})`;
    if (url !== '' && url !== (row.url ?? '')) return `data.${kind}.url`;
    if (raw !== '' && raw !== (row.text_raw ?? '')) return 'data.text.raw';
    if (bytes.length > 0) {
      const stored = readBytes();
      if (!stored || !stored.equals(bytes)) return `data.${kind}.base64`;
    }
  }
  return undefined;
}
