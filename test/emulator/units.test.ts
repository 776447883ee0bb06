import { startEmulator } from '../../src/emulator';
import { idProblem, newInputId } from '../../src/emulator/service/ids';
import { applyPatch, mergeJson, removeJson } from '../../src/emulator/service/patch-data';
import { sniffImage } from '../../src/emulator/processing/sniff-image';
import { sampleBmp, sampleGif, sampleJpeg, samplePng, sampleTiff, sampleWebp } from '../../src/emulator/samples/sample-images';

describe('sniffImage', () => {
  it.each([
    ['PNG', samplePng(3, 4), 3, 4],
    ['JPEG', sampleJpeg(1920, 1080), 1920, 1080],
    ['GIF', sampleGif(65535, 1), 65535, 1],
    ['WEBP', sampleWebp(5000, 7, 0, 'VP8X'), 5000, 7],
    ['WEBP', sampleWebp(16384, 2, 0, 'VP8L'), 16384, 2],
    ['WEBP', sampleWebp(320, 240, 0, 'VP8'), 320, 240],
    ['BMP', sampleBmp(3, 5), 3, 5],
    ['TIFF', sampleTiff(6, 7), 6, 7],
  ])('reads %s size', (format, bytes, width, height) => {
    expect(sniffImage(bytes)).toEqual({ ok: true, image: expect.objectContaining({ format, width, height }) });
  });

  it('reads big-endian TIFF and top-down BMP', () => {
    const mm = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 2, 1, 0, 0, 3, 0, 0, 0, 1, 0, 9, 0, 0, 1, 1, 0, 4, 0, 0, 0, 1, 0, 0, 0, 12, 0, 0, 0, 0]);
    expect(sniffImage(mm)).toMatchObject({ ok: true, image: { format: 'TIFF', width: 9, height: 12 } });
    const bmp = sampleBmp(2, 3);
    bmp.writeInt32LE(-3, 22);
    expect(sniffImage(bmp)).toMatchObject({ ok: true, image: { height: 3 } });
  });

  it.each([
    ['empty', Buffer.alloc(0), /not an image/],
    ['text', Buffer.from('GIF? no, just text'), /not an image/],
    ['truncated PNG', samplePng().subarray(0, 12), /corrupt PNG/],
    ['JPEG without a frame', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), /corrupt JPEG/],
    ['truncated GIF', sampleGif().subarray(0, 7), /corrupt GIF/],
    ['zero-size PNG', (() => { const p = samplePng(); p.writeUInt32BE(0, 16); return p; })(), /corrupt PNG: size 0x2/],
    ['TIFF without size', Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0, 0]), /corrupt TIFF/],
  ])('refuses %s with a reason', (_name, bytes, reason) => {
    const r = sniffImage(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('sample images', () => {
  it('PNG chunks carry correct CRCs (the IEND CRC is the well-known AE426082)', () => {
    const png = samplePng();
    expect(png.subarray(-4).toString('hex')).toBe('ae426082');
  });

  it('different seeds give different bytes', () => {
    expect(samplePng(2, 2, 1).equals(samplePng(2, 2, 2))).toBe(false);
    expect(sampleJpeg(2, 2, 1).equals(sampleJpeg(2, 2, 2))).toBe(false);
  });

  it('refuses impossible sizes', () => {
    expect(() => samplePng(0, 1)).toThrow(RangeError);
  });
});

describe('ids', () => {
  it('server ids are 32 hex characters and valid client ids', () => {
    const id = newInputId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(idProblem(id)).toBeUndefined();
  });
});

describe('patch semantics', () => {
  it('mergeJson merges nested objects and replaces the rest', () => {
    expect(mergeJson({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: null })).toEqual({ a: { b: 1, c: [2] }, d: 1, e: null });
  });

  it('removeJson removes named keys, nested when the value is a non-empty object', () => {
    expect(removeJson({ a: { b: 1, c: 2 }, d: 1, e: { f: 1 } }, { a: { b: true }, d: 'any', e: {} })).toEqual({ a: { c: 2 } });
  });

  it('overwrite with no data clears the annotations', () => {
    expect(applyPatch({ concepts: [{ id: 'a', name: '', value: 1 }], metadata: { x: 1 }, datasetIds: ['d'] }, undefined, [], 'overwrite')).toEqual({ concepts: [], datasetIds: [] });
  });
});

describe('startEmulator options', () => {
  it.each([
    [{ apiKeys: [] }, /`apiKeys` must be a non-empty array/],
    [{ apiKeys: ['has space'] }, /`apiKeys\[0\]` must be a non-empty string without spaces/],
    [{ apiKeys: ['k'], port: -1 }, /`port` must be an integer from 0 to 65535/],
    [{ apiKeys: ['k'], restPort: 70000 }, /`restPort` must be an integer from 0 to 65535/],
    [{ apiKeys: ['k'], userId: 'a b' }, /`userId`/],
    [{ apiKeys: ['k'], processingConcurrency: 0 }, /`processingConcurrency`/],
    [{ apiKeys: ['k'], sync: 'OFF' }, /`sync` must be "FULL" or "NORMAL"/],
    [{ apiKeys: ['k'], db: '' }, /`db`/],
    [{ apiKeys: ['k'], onCallReceived: 'yes' }, /`onCallReceived` must be a function/],
  ])('refuses %j naming the option, and never echoes a key', async (bad, message) => {
    const promise = startEmulator(bad as never);
    await expect(promise).rejects.toThrow(message);
    await expect(promise).rejects.not.toThrow(/has space/);
  });
});
