/**
 * PackFiles, the append-only files that hold the emulator's bytes: one write and one data sync
 * per request, a range per item, a new pack past the target size, and no pack removed while it
 * is open or a write in flight has pinned it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PackFiles } from '../../src/emulator/store/pack-files';

let dir: string;
let packs: PackFiles | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'emu-pack-files-'));
});
afterEach(() => {
  packs?.close();
  packs = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string) => Buffer.from(text);

describe('PackFiles', () => {
  it('appends the items of one call back to back in one pack and reads each range', async () => {
    packs = new PackFiles(path.join(dir, 'p'));
    const first = await packs.append([bytes('alpha'), bytes(''), bytes('beta')]);
    const second = await packs.append([new Uint8Array([1, 2, 3])]);
    expect(first).toEqual({ pack: 1, offsets: [0, 5, 5] });
    expect(second).toEqual({ pack: 1, offsets: [9] });
    expect(readFileSync(packs.fileOf(1))).toEqual(Buffer.concat([bytes('alphabeta'), Buffer.from([1, 2, 3])]));
    expect(packs.read(1, 5, 4)?.toString()).toBe('beta');
    expect(packs.read(1, 9, 3)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('answers undefined for a range past the end or a missing pack', async () => {
    packs = new PackFiles(path.join(dir, 'p'));
    await packs.append([bytes('short')]);
    expect(packs.read(1, 2, 10)).toBeUndefined();
    expect(packs.read(2, 0, 1)).toBeUndefined();
  });

  it('starts a new pack when the open one would pass its target size, and writes concurrent calls to disjoint ranges', async () => {
    packs = new PackFiles(path.join(dir, 'p'), 8);
    const [a, b, c] = await Promise.all([packs.append([bytes('12345')]), packs.append([bytes('678')]), packs.append([bytes('abcdefghij')])]);
    expect([a, b, c]).toEqual([
      { pack: 1, offsets: [0] },
      { pack: 1, offsets: [5] },
      { pack: 2, offsets: [0] },
    ]);
    expect(readFileSync(packs.fileOf(1), 'utf8')).toBe('12345678');
    expect(readFileSync(packs.fileOf(2), 'utf8')).toBe('abcdefghij');
  });

  it('never removes the open pack or a pinned one; removes a closed, unpinned one', async () => {
    packs = new PackFiles(path.join(dir, 'p'), 4);
    const { pack } = await packs.append([bytes('one'), bytes('two')]);
    await packs.append([bytes('three')]); // pack 2 is now the open one
    packs.remove(pack); // a delete found no row naming pack 1, while its rows are uncommitted
    expect(existsSync(packs.fileOf(pack))).toBe(true);
    packs.unpin(pack);
    packs.remove(pack);
    expect(existsSync(packs.fileOf(pack))).toBe(true); // one item still pinned
    packs.unpin(pack);
    packs.remove(pack);
    expect(existsSync(packs.fileOf(pack))).toBe(false);
    packs.unpin(2);
    packs.remove(2);
    expect(existsSync(packs.fileOf(2))).toBe(true); // open for appends
  });

  it('at start, numbers new packs above every pack on disk or named, and collects unnamed ones', async () => {
    const folder = path.join(dir, 'p');
    packs = new PackFiles(folder);
    await packs.append([bytes('kept')]);
    packs.close();
    writeFileSync(path.join(folder, '4.pack'), 'bytes of a request that never committed');
    writeFileSync(path.join(folder, 'notes.txt'), 'not a pack');
    packs = new PackFiles(folder);
    packs.numberAbove(6); // a row names pack 6 (its file lost)
    expect(packs.collectGarbage((pack) => pack === 1)).toBe(1);
    expect(readdirSync(folder).sort()).toEqual(['1.pack', 'notes.txt']);
    expect((await packs.append([bytes('new')])).pack).toBe(7);
  });
});
