import type { Dirent, Stats } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli-error';
import { mediaKindOf } from './media-kind';
import type { SkippedEntry, SourceItem } from './source-item';
import type { TypeFilter } from './type-filter';

export interface FolderOptions {
  /** Told about every entry that is not sent, with the reason. */
  onSkip: (entry: SkippedEntry) => void;
  types?: TypeFilter;
  /** Each file's folder name (relative to the root) becomes a concept: `cats/1.jpg` gets `cats`. */
  labelsFromFolders?: boolean;
  /** The source's name in the management marker; default the folder's own name. */
  sourceName?: string;
}

/**
 * Yields one item per file under `root` (recursively, in name order so reruns see the same
 * sequence), or the single file when `root` is a file. Symbolic links to files and folders are
 * followed; a link back into a folder being walked (a loop) is not. Everything left out goes to
 * `onSkip` with its reason: dotfiles and dot-folders, dangling links, loops, unknown extensions,
 * kinds `--type` leaves out, sockets and devices, and folders below `root` that cannot be read. Each item's `key` is its path relative to
 * `root` with `/` separators (for a single file, its name), so moving the folder keeps the keys.
 */
export async function* folderSource(root: string, options: FolderOptions): AsyncGenerator<SourceItem> {
  let info;
  try {
    info = await stat(root);
  } catch (err) {
    throw new CliError(`${root}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const source = options.sourceName ?? path.basename(path.resolve(root));
  if (!info.isDirectory()) {
    const kind = mediaKindOf(root);
    if (!kind) throw new CliError(`${root}: unknown file type (expected an image, video, audio or text extension)`);
    yield { origin: root, source, key: path.basename(root), kind, file: path.resolve(root) };
    return;
  }
  yield* walk(root, '', new Set([await realpath(root)]), source, options);
}

async function* walk(dir: string, prefix: string, ancestors: Set<string>, source: string, options: FolderOptions): AsyncGenerator<SourceItem> {
  const entries: Dirent[] = [];
  try {
    for await (const entry of await opendir(dir)) entries.push(entry);
  } catch (err) {
    const reason = `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    if (prefix === '') throw new CliError(`${dir}: ${reason}`);
    options.onSkip({ path: dir, reason }); // one folder left out, named; the walk goes on
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const key = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const skip = (reason: string) => options.onSkip({ path: full, reason });
    if (entry.name.startsWith('.')) {
      skip(entry.isDirectory() ? 'hidden folder' : 'hidden file');
      continue;
    }
    let target: Dirent | Stats = entry;
    if (entry.isSymbolicLink()) {
      try {
        target = await stat(full);
      } catch (err) {
        skip(`dangling symlink (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        continue;
      }
    }
    if (target.isDirectory()) {
      const real = await realpath(full);
      if (ancestors.has(real)) {
        skip(`symlink loop (leads back to ${real})`);
        continue;
      }
      yield* walk(full, key, new Set([...ancestors, real]), source, options);
    } else if (target.isFile()) {
      const kind = mediaKindOf(entry.name);
      if (!kind) skip('unsupported file type');
      else if (options.types && !options.types.accepts(entry.name, kind)) skip(`not selected by --type ${options.types.text}`);
      else {
        const item: SourceItem = { origin: full, source, key, kind, file: path.resolve(full) };
        if (options.labelsFromFolders && prefix !== '') item.concepts = [path.posix.basename(prefix)];
        yield item;
      }
    } else {
      skip('not a regular file');
    }
  }
}
