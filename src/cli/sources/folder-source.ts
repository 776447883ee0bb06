import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli-error';
import { mediaKindOf } from './media-kind';
import type { SourceItem } from './source-item';

/**
 * Yields one item per file under `root` (recursively, in name order so reruns see the same
 * sequence), or the single file when `root` is a file. Files with an unknown extension are
 * passed to `onSkip` and left out. Hidden files and folders are skipped.
 */
export async function* folderSource(root: string, onSkip: (file: string) => void): AsyncGenerator<SourceItem> {
  let info;
  try {
    info = await stat(root);
  } catch (err) {
    throw new CliError(`${root}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (info.isFile()) {
    const kind = mediaKindOf(root);
    if (!kind) throw new CliError(`${root}: unknown file type (expected an image, video, audio or text extension)`);
    yield { origin: root, kind, file: path.resolve(root) };
    return;
  }
  yield* walk(root, onSkip);
}

async function* walk(dir: string, onSkip: (file: string) => void): AsyncGenerator<SourceItem> {
  const entries = [];
  for await (const entry of await opendir(dir)) if (!entry.name.startsWith('.')) entries.push(entry);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(full, onSkip);
    } else if (entry.isFile()) {
      const kind = mediaKindOf(entry.name);
      if (kind) yield { origin: full, kind, file: path.resolve(full) };
      else onSkip(full);
    }
  }
}
