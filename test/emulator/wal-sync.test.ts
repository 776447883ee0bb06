/**
 * WalSync: a write is acknowledged only after an fdatasync of the WAL that started after its
 * commit; commits made while a sync runs share the next one; a failed sync fails its waiters.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WalSync } from '../../src/emulator/sqlite/wal-sync';

let dir: string;
let wal: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'emu-wal-sync-'));
  wal = path.join(dir, 'db-wal');
  writeFileSync(wal, 'frames');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for fdatasync that completes when the test says so. */
function manualSyncs() {
  const pending: { resolve: () => void; reject: (err: Error) => void }[] = [];
  const sync = (_fd: number) => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  return { sync, pending };
}

/** Whether a promise has settled, after pending callbacks ran. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setImmediate(r));
  return done;
}

describe('WalSync', () => {
  it('resolves at once when nothing was committed since the last sync', async () => {
    const { sync, pending } = manualSyncs();
    const walSync = new WalSync(wal, sync);
    await walSync.durable();
    expect(pending).toHaveLength(0);
  });

  it('waits for a sync that started after the commit; commits during a sync share the next one', async () => {
    const { sync, pending } = manualSyncs();
    const walSync = new WalSync(wal, sync);
    walSync.committed();
    const first = walSync.durable();
    expect(pending).toHaveLength(1);
    walSync.committed(); // made while the first sync runs: it may not be covered by it
    const second = walSync.durable();
    walSync.committed();
    const third = walSync.durable();
    expect(pending).toHaveLength(1); // one sync at a time
    pending[0]!.resolve();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(false);
    expect(pending).toHaveLength(2); // the next sync started, for both later commits
    pending[1]!.resolve();
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(true);
    walSync.close();
  });

  it('fails the waiters of a failed sync, naming the file, and syncs again for the next commit', async () => {
    const { sync, pending } = manualSyncs();
    const walSync = new WalSync(wal, sync);
    walSync.committed();
    const failed = walSync.durable();
    pending[0]!.reject(new Error('EIO: i/o error'));
    await expect(failed).rejects.toThrow(`could not sync ${wal}: EIO: i/o error`);
    walSync.committed();
    const next = walSync.durable();
    pending[1]!.resolve();
    await expect(next).resolves.toBeUndefined();
    walSync.close();
  });

  it('syncs the real file with fdatasync', async () => {
    const walSync = new WalSync(wal);
    walSync.committed();
    await expect(walSync.durable()).resolves.toBeUndefined();
    walSync.close();
  });
});
