/**
 * `make demo`: starts the emulator on a temporary SQLite file and a loopback HTTP server for
 * sample images, then walks through every documented flow with InputsClient.
 * `make demo TARGET=api.clarifai.com:443` runs the same walkthrough against the real API, with
 * CLARIFAI_PAT, CLARIFAI_USER_ID and CLARIFAI_APP_ID from the environment.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InputsClient } from '../client/inputs-client';
import { say, step, stepsShown } from './print';
import { samplePng } from '../emulator/samples/sample-images';
import { startSampleServer } from './sample-server';
import { walkthrough, type DemoMedia } from './walkthrough';

const REAL_SAMPLES: DemoMedia['urls'] = [
  'https://samples.clarifai.com/metro-north.jpg',
  'https://samples.clarifai.com/puppy.jpeg',
  'https://samples.clarifai.com/wedding.jpg',
  'https://samples.clarifai.com/dog2.jpeg',
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { target: { type: 'string' } }, strict: true });
  const cleanup: (() => Promise<void> | void)[] = [];
  const started = Date.now();
  try {
    let client: InputsClient;
    let media: DemoMedia;
    if (values.target) {
      console.log(`clarifai-inputs demo against ${values.target} (TLS, key from CLARIFAI_PAT)`);
      client = new InputsClient({ target: values.target });
      media = { urls: REAL_SAMPLES, brokenUrl: 'https://samples.clarifai.com/does-not-exist.jpg', bytes: samplePng(64, 48, 1) };
    } else {
      const { startEmulator } = await import('../emulator');
      const dir = mkdtempSync(path.join(tmpdir(), 'clarifai-demo-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const apiKey = `demo-${randomBytes(8).toString('hex')}`;
      const emulator = await startEmulator({ apiKeys: [apiKey], db: path.join(dir, 'demo.db') });
      cleanup.unshift(() => emulator.close());
      const images = {
        'red.png': { bytes: samplePng(64, 48, 2), contentType: 'image/png' },
        'green.png': { bytes: samplePng(80, 60, 3), contentType: 'image/png' },
        'blue.png': { bytes: samplePng(96, 72, 4), contentType: 'image/png' },
        'gold.png': { bytes: samplePng(32, 32, 5), contentType: 'image/png' },
      };
      const samples = await startSampleServer(images);
      cleanup.unshift(() => samples.close());
      console.log(`clarifai-inputs demo: emulator on ${emulator.target} (SQLite ${path.join(dir, 'demo.db')}),`);
      console.log(`sample images on ${samples.url('')}`);
      client = new InputsClient({ target: emulator.target, insecure: true, apiKey });
      media = {
        urls: [samples.url('red.png'), samples.url('green.png'), samples.url('blue.png'), samples.url('gold.png')],
        brokenUrl: samples.url('missing.png'),
        bytes: samplePng(120, 90, 6),
      };
    }
    cleanup.unshift(() => client.close());
    const summary = await walkthrough(client, media, `demo-${randomBytes(3).toString('hex')}`);
    step('Summary');
    say(
      `${summary.added} inputs added, ${summary.processed} processed to INPUT_SUCCESS, ` +
        `${summary.failedAsExpected} failed in processing as intended, ${summary.deleted} deleted; ` +
        `${stepsShown() - 1} flows in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    for (const task of cleanup) await task();
  }
}

main().catch((err: unknown) => {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
