import { closeSync, fdatasync, openSync } from 'node:fs';
import { promisify } from 'node:util';

const datasync = promisify(fdatasync);

interface Waiter {
  /** The commit count it waits to see synced. */
  upTo: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Makes commits durable off the event loop, in groups: SQLite runs at `synchronous = NORMAL`
 * (a commit writes its WAL frames and returns, without a sync), and before a write is
 * acknowledged `durable()` waits for an `fdatasync` of the WAL file that started after that
 * commit. One sync serves every commit made before it started, so calls in flight together
 * share it; it runs in libuv's thread pool, where SQLite's own sync at `FULL` held the event loop
 * for the whole sync, inside commits that took a quarter of the emulator's time in a profile of
 * small-input ingest. Recovery is SQLite's: frames of a commit whose WAL sync completed are replayed at the
 * next open, so what was acknowledged survives power loss as at `FULL`; a commit not yet synced
 * was not acknowledged.
 */
export class WalSync {
  private fd: number | undefined;
  private commits = 0;
  private synced = 0;
  private running = false;
  private waiters: Waiter[] = [];

  constructor(
    readonly walFile: string,
    /** Syncs a descriptor's data: `fdatasync`, or a stand-in in unit tests. */
    private readonly syncData: (fd: number) => Promise<void> = datasync,
  ) {}

  /** Counts a commit (call after each one). */
  committed(): void {
    this.commits++;
  }

  /** Resolves once every commit counted so far is on disk. */
  durable(): Promise<void> {
    const upTo = this.commits;
    if (this.synced >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.syncNext();
    });
  }

  private syncNext(): void {
    if (this.running || this.waiters.length === 0) return;
    this.running = true;
    const upTo = this.commits;
    let done: Promise<void>;
    try {
      this.fd ??= openSync(this.walFile, 'r'); // fsync of any descriptor syncs the file
      done = this.syncData(this.fd);
    } catch (err) {
      done = Promise.reject(err);
    }
    done.then(
      () => {
        this.synced = Math.max(this.synced, upTo);
        this.finish(upTo, (w) => w.resolve());
      },
      (err: unknown) => this.finish(upTo, (w) => w.reject(new Error(`could not sync ${this.walFile}: ${(err as Error).message}`, { cause: err }))),
    );
  }

  private finish(upTo: number, end: (w: Waiter) => void): void {
    const ready = this.waiters.filter((w) => w.upTo <= upTo);
    this.waiters = this.waiters.filter((w) => w.upTo > upTo);
    this.running = false;
    for (const w of ready) end(w);
    this.syncNext();
  }

  /** Closes the WAL descriptor (the db is closing; SQLite then removes the WAL). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
