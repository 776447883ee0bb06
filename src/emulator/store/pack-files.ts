import { closeSync, fdatasync, fsync, mkdirSync, openSync, readdirSync, readSync, unlinkSync, writev } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const writevAt = promisify(writev);
const datasync = promisify(fdatasync);
const syncFd = promisify(fsync);

const PACK_NAME = /^(\d+)\.pack$/;

/**
 * A pack is closed to new bytes once it holds this much: packs are removed whole, when no row
 * names them, so smaller packs give back the space of deleted inputs sooner; larger ones cost
 * fewer creations (a create and a folder fsync each).
 */
export const PACK_TARGET_BYTES = 64 * 1024 * 1024;

/** Where `append` put each item: one pack, an offset per item. */
export interface PackedItems {
  pack: number;
  offsets: number[];
}

interface OpenPack {
  id: number;
  fd: number;
  /** Bytes reserved so far (written or being written). */
  size: number;
  /** Resolves once the pack's name is durable (its folder fsynced after the create). */
  created: Promise<void>;
}

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'ENOENT';
}

/**
 * Append-only pack files in one folder beside the db (`<db>.packs/<n>.pack`). `append` writes
 * every item of a request into the open pack with one `writev` and one `fdatasync`, so a request
 * of 128 uploads costs one data sync rather than 128 files (a create, two fsyncs and a rename
 * each). Rows name their bytes by (pack, offset, size). A pack is pinned from `append` until
 * `unpin`, and the open pack is never removed, so bytes an uncommitted row is about to name never
 * go. A new pack is made at start and whenever the open one would pass `targetBytes`; a pack
 * never written to after a restart, so a write a crash cut short only leaves bytes no row names.
 */
export class PackFiles {
  private readonly pins = new Map<number, number>();
  private readonly fds = new Map<number, number>();
  private open: OpenPack | undefined;
  private nextId: number;

  constructor(
    readonly dir: string,
    private readonly targetBytes = PACK_TARGET_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
    this.nextId = Math.max(0, ...this.packsOnDisk()) + 1;
  }

  fileOf(pack: number): string {
    return path.join(this.dir, `${pack}.pack`);
  }

  private packsOnDisk(): number[] {
    return readdirSync(this.dir).flatMap((name) => {
      const m = PACK_NAME.exec(name);
      return m ? [Number(m[1])] : [];
    });
  }

  /** The open pack with room for `bytes` more, made (and its name synced) when needed. */
  private reserve(bytes: number): { pack: OpenPack; at: number } {
    let pack = this.open;
    if (!pack || (pack.size > 0 && pack.size + bytes > this.targetBytes)) {
      if (pack) {
        this.open = undefined;
        this.closeIfIdle(pack.id);
      }
      const id = this.nextId++;
      const fd = openSync(this.fileOf(id), 'wx');
      this.fds.set(id, fd);
      pack = { id, fd, size: 0, created: this.syncDir() };
      this.open = pack;
    }
    const at = pack.size;
    pack.size += bytes;
    return { pack, at };
  }

  private async syncDir(): Promise<void> {
    const fd = openSync(this.dir, 'r');
    try {
      await syncFd(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Writes every item durably (data synced, the pack's name too) and pins the pack once per item;
   * resolves to where each item is. Unpin each item once the row naming it is committed or will
   * never be.
   */
  async append(items: readonly Uint8Array[]): Promise<PackedItems> {
    const total = items.reduce((n, b) => n + b.length, 0);
    const { pack, at } = this.reserve(total);
    const pins = Math.max(1, items.length);
    this.pins.set(pack.id, (this.pins.get(pack.id) ?? 0) + pins);
    try {
      await pack.created;
      let written = 0;
      while (written < total) written += (await writevAt(pack.fd, remainder(items, written), at + written)).bytesWritten;
      await datasync(pack.fd);
    } catch (err) {
      this.unpin(pack.id, pins);
      throw err;
    }
    const offsets: number[] = [];
    let offset = at;
    for (const b of items) {
      offsets.push(offset);
      offset += b.length;
    }
    return { pack: pack.id, offsets };
  }

  /** Gives back `count` pins (one per item `append` wrote). */
  unpin(pack: number, count = 1): void {
    const n = (this.pins.get(pack) ?? 0) - count;
    if (n > 0) this.pins.set(pack, n);
    else {
      this.pins.delete(pack);
      this.closeIfIdle(pack);
    }
  }

  /** Closes the descriptor of a pack no longer open for appends once no write is in flight. */
  private closeIfIdle(pack: number): void {
    const fd = this.fds.get(pack);
    if (fd === undefined || this.open?.id === pack || this.pins.has(pack)) return;
    this.fds.delete(pack);
    closeSync(fd);
  }

  /** `size` bytes at `offset` of a pack, or undefined when the pack is missing or too short. */
  read(pack: number, offset: number, size: number): Buffer | undefined {
    let fd: number;
    try {
      fd = openSync(this.fileOf(pack), 'r');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      const out = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const n = readSync(fd, out, got, size - got, offset + got);
        if (n === 0) return undefined;
        got += n;
      }
      return out;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Removes a pack no committed row names any more, unless it is open for appends or a write in
   * flight pinned it. Synchronous, so that no append can pin it between the check and the
   * unlink. Not synced: a removal lost in a crash is redone by `collectGarbage` at the next start.
   */
  remove(pack: number): void {
    if (this.pins.has(pack) || this.open?.id === pack) return;
    try {
      unlinkSync(this.fileOf(pack));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  /** Never makes a pack numbered `highest` or below (the highest a row names). */
  numberAbove(highest: number): void {
    this.nextId = Math.max(this.nextId, highest + 1);
  }

  /**
   * At start, before any append: removes packs no row names (bytes of requests that never
   * committed, packs whose inputs were all deleted just before a crash). Returns how many.
   */
  collectGarbage(isNamed: (pack: number) => boolean): number {
    let removed = 0;
    for (const pack of this.packsOnDisk()) {
      if (isNamed(pack)) continue;
      unlinkSync(this.fileOf(pack));
      removed++;
    }
    return removed;
  }

  /** Closes every descriptor (the store is closing; no append is in flight). */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.open = undefined;
  }
}

/** The items from byte `skip` of their concatenation on (after a short write). */
function remainder(items: readonly Uint8Array[], skip: number): Uint8Array[] {
  if (skip === 0) return items as Uint8Array[];
  const out: Uint8Array[] = [];
  for (const b of items) {
    if (skip >= b.length) skip -= b.length;
    else {
      out.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
  }
  return out;
}
