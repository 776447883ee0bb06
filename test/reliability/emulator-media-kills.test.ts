/**
 * kill -9 the emulator process while two uploaders send media: images and videos of several
 * sizes, appended to the pack files beside the db, some bytes shared by several inputs. After
 * every restart, each input acknowledged so far is stored once and its hosted URL serves exactly
 * the bytes that were sent.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NewInput } from '../../src/client/types';
import type { Input } from '../../src/generated/clarifai/api/resources.pb';
import { requireBuiltCli, startEmulatorProcess } from '../support/cli-process';
import { fetchUrl, hostedUrl, samplePng } from '../support/http-fixtures';
import { allStored, emulatorClient, RELIABILITY_KEY } from './support';

const KILLS = 3;
const BATCH = 16;
const ACKED_BATCHES_BEFORE_KILL = 6;

/** Bytes derived from a seed, `size` long (a PNG header first when `png`). */
function bytesOf(seed: string, size: number, png: boolean): Buffer {
  const out = Buffer.alloc(size);
  const block = createHash('sha256').update(seed).digest();
  for (let at = 0; at < size; at += block.length) block.copy(out, at);
  if (png) samplePng(4, 3).copy(out);
  return out;
}

/** Input `n` of an id: a 24 KB image, a 30 KB video, a 2 KB image, or (every 7th) shared image bytes. */
function mediaInput(id: string, n: number): { input: NewInput; bytes: Buffer; kind: 'image' | 'video' } {
  if (n % 7 === 0) return { input: { id, image: { bytes: bytesOf('shared', 24_000, true) } }, bytes: bytesOf('shared', 24_000, true), kind: 'image' };
  if (n % 3 === 1) {
    const bytes = bytesOf(id, 30_000, false);
    return { input: { id, video: { bytes } }, bytes, kind: 'video' };
  }
  const bytes = bytesOf(id, n % 3 === 2 ? 2_000 : 24_000, true);
  return { input: { id, image: { bytes } }, bytes, kind: 'image' };
}

/** What each stored input's hosted URL serves, against what was sent. */
async function servedProblems(stored: Input[], sent: Map<string, { bytes: Buffer; kind: 'image' | 'video' }>, ids: Iterable<string>): Promise<string[]> {
  const byId = new Map(stored.map((input) => [input.id, input]));
  const problems: string[] = [];
  for (const id of ids) {
    const expected = sent.get(id);
    const input = byId.get(id);
    if (!expected || !input) {
      problems.push(`${id}: not stored`);
      continue;
    }
    const served = await fetchUrl(hostedUrl(input.data?.[expected.kind]?.hosted));
    if (served.status !== 200 || !served.body.equals(expected.bytes)) problems.push(`${id}: hosted URL answered ${served.status} with ${served.body.length} bytes`);
  }
  return problems;
}

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(path.join(tmpdir(), 'rel-emu-media-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`kill -9 during media uploads, ${KILLS} times: every acknowledged input's bytes are served after restart`, async () => {
  const db = path.join(dir, 'emulator.db');
  const args = ['--api-key', RELIABILITY_KEY, '--db', db];
  const sent = new Map<string, { bytes: Buffer; kind: 'image' | 'video' }>();
  const acknowledged = new Set<string>();

  for (let round = 0; round <= KILLS; round++) {
    const emulator = await startEmulatorProcess(args);
    const client = emulatorClient(emulator.target, { retry: false, timeoutMs: 10_000 });
    const stored = await allStored(client);
    expect(new Set(stored.map((i) => i.id)).size).toBe(stored.length);
    expect(await servedProblems(stored, sent, acknowledged)).toEqual([]);
    if (round === KILLS) {
      client.close();
      expect(await emulator.stop()).toBe(0);
      break;
    }

    let ackedBatches = 0;
    let killed = false;
    const uploader = async (lane: number): Promise<void> => {
      for (let b = 0; !killed; b++) {
        const batch = Array.from({ length: BATCH }, (_, i) => {
          const media = mediaInput(`r${round}-l${lane}-b${b}-${i}`, b * BATCH + i);
          sent.set(media.input.id as string, media);
          return media.input;
        });
        try {
          const result = await client.addInputs(batch);
          for (const input of result.added) acknowledged.add(input.id);
        } catch {
          return; // the emulator is gone: what was in flight is unacknowledged
        }
        if (++ackedBatches >= ACKED_BATCHES_BEFORE_KILL && !killed) {
          killed = true;
          emulator.child.kill('SIGKILL'); // the other lane is mid-call
        }
      }
    };
    await Promise.all([uploader(0), uploader(1)]);
    expect(await emulator.stop()).toBeNull();
    client.close();
  }
  expect(acknowledged.size).toBeGreaterThanOrEqual(KILLS * ACKED_BATCHES_BEFORE_KILL * BATCH);
}, 120_000);
