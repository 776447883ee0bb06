/**
 * Child process: page latency of a server holding `stored` inputs. Waits until the server has
 * processed every input, then times `pages` sequential calls through our raw `V2Client`:
 * ListInputs cycling over every page number, or StreamInputs following the cursor (from the
 * start again after the last page).
 */
import { credentials, Metadata } from '@grpc/grpc-js';
import type { Input } from '../../src/generated/clarifai/api/resources.pb';
import { V2Client, type MultiInputResponse, type SingleInputCountResponse } from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { readTask, runContenderChild } from '../harness/child-protocol';
import { API_KEY, BASE_CHANNEL_OPTIONS, USER_APP } from './upload-task';

export interface LatencyTask {
  target: string;
  rpc: 'list' | 'stream';
  stored: number;
  perPage: number;
  pages: number;
}

const PROCESSING_WAIT_MS = 300_000;

async function main() {
  const task = readTask<LatencyTask>();
  const client = new V2Client(task.target, credentials.createInsecure(), BASE_CHANNEL_OPTIONS);
  const metadata = new Metadata();
  metadata.set('authorization', `Key ${API_KEY}`);
  const answer = <T extends { status?: { code: number } | undefined }>(resolve: (r: T) => void, reject: (e: Error) => void) => (error: Error | null, r: T) => {
    if (error) return reject(error);
    if (r.status?.code !== StatusCode.SUCCESS) return reject(new Error(`status ${r.status?.code}`));
    resolve(r);
  };
  const count = () => new Promise<SingleInputCountResponse>((res, rej) => client.getInputCount({ userAppId: USER_APP }, metadata, answer<SingleInputCountResponse>(res, rej)));
  const list = (page: number) =>
    new Promise<MultiInputResponse>((res, rej) =>
      client.listInputs({ userAppId: USER_APP, page, perPage: task.perPage, ids: [], status: undefined }, metadata, answer<MultiInputResponse>(res, rej)),
    );
  const stream = (lastId: string) =>
    new Promise<MultiInputResponse>((res, rej) =>
      client.streamInputs({ userAppId: USER_APP, perPage: task.perPage, lastId, descending: false, orderById: false }, metadata, answer<MultiInputResponse>(res, rej)),
    );
  try {
    const deadline = Date.now() + PROCESSING_WAIT_MS;
    for (;;) {
      const counts = (await count()).counts;
      if (counts === undefined) throw new Error('GetInputCount: no counts');
      if (counts.toProcess === 0 && counts.processing === 0 && counts.processed + counts.errors >= task.stored) break;
      if (Date.now() > deadline) throw new Error(`inputs still processing after ${PROCESSING_WAIT_MS} ms: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const lastPage = Math.ceil(task.stored / task.perPage);
    const latenciesMs: number[] = [];
    let lastId = '';
    let inputs = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < task.pages; i++) {
      const t0 = process.hrtime.bigint();
      const page: Input[] = task.rpc === 'list' ? (await list((i % lastPage) + 1)).inputs : (await stream(lastId)).inputs;
      latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      // Only the stream may answer an empty page: after a last page that was exactly full.
      if (page.length === 0 && (task.rpc === 'list' || lastId === '')) throw new Error(`${task.rpc} call ${i}: empty page`);
      inputs += page.length;
      lastId = page.length < task.perPage ? '' : (page[page.length - 1]?.id ?? '');
    }
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { elapsedMs, inputs, bytes: 0, latenciesMs };
  } finally {
    client.close();
  }
}

if (require.main === module) runContenderChild(main);
