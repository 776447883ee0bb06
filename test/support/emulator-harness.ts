import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import {
  CancelInputsAddJobRequest,
  DeleteInputRequest,
  DeleteInputsRequest,
  GetInputCountRequest,
  GetInputRequest,
  GetInputsAddJobRequest,
  ListInputsAddJobsRequest,
  ListInputsRequest,
  PatchInputsRequest,
  PostInputsRequest,
  StreamInputsRequest,
  V2Client,
  type MultiInputResponse,
  type MultiInputsAddJobResponse,
  type SingleInputCountResponse,
  type SingleInputResponse,
  type SingleInputsAddJobResponse,
} from '../../src/generated/clarifai/api/service.pb';
import type { BaseResponse } from '../../src/generated/clarifai/api/status/status.pb';
import type { Input } from '../../src/generated/clarifai/api/resources.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';

export const TEST_KEY = 'emulator-test-key-9f8e7d';

type DeepPartial<T> = T extends Date | Uint8Array ? T : T extends (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** How a call authenticates: a key (default TEST_KEY), a raw header value, or none at all. */
export type CallAuth = { key?: string; header?: string; none?: boolean };

function metadataFor(auth: CallAuth = {}): Metadata {
  const md = new Metadata();
  if (auth.none) return md;
  md.set('authorization', auth.header ?? `Key ${auth.key ?? TEST_KEY}`);
  return md;
}

/** Promise-returning V2 calls with partial requests, over a real grpc-js client. */
export class V2Caller {
  constructor(readonly client: V2Client) {}

  private call<Req, Res>(method: (req: Req, md: Metadata, cb: (err: ServiceError | null, res: Res) => void) => unknown, req: Req, auth?: CallAuth): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, req, metadataFor(auth), (err, res) => (err ? reject(err) : resolve(res)));
    });
  }

  postInputs(req: DeepPartial<PostInputsRequest>, auth?: CallAuth): Promise<MultiInputResponse> {
    return this.call(this.client.postInputs, PostInputsRequest.fromPartial(req as never), auth);
  }
  listInputs(req: DeepPartial<ListInputsRequest> = {}, auth?: CallAuth): Promise<MultiInputResponse> {
    return this.call(this.client.listInputs, ListInputsRequest.fromPartial(req as never), auth);
  }
  streamInputs(req: DeepPartial<StreamInputsRequest> = {}, auth?: CallAuth): Promise<MultiInputResponse> {
    return this.call(this.client.streamInputs, StreamInputsRequest.fromPartial(req as never), auth);
  }
  getInput(req: DeepPartial<GetInputRequest>, auth?: CallAuth): Promise<SingleInputResponse> {
    return this.call(this.client.getInput, GetInputRequest.fromPartial(req as never), auth);
  }
  patchInputs(req: DeepPartial<PatchInputsRequest>, auth?: CallAuth): Promise<MultiInputResponse> {
    return this.call(this.client.patchInputs, PatchInputsRequest.fromPartial(req as never), auth);
  }
  deleteInput(req: DeepPartial<DeleteInputRequest>, auth?: CallAuth): Promise<BaseResponse> {
    return this.call(this.client.deleteInput, DeleteInputRequest.fromPartial(req as never), auth);
  }
  deleteInputs(req: DeepPartial<DeleteInputsRequest>, auth?: CallAuth): Promise<BaseResponse> {
    return this.call(this.client.deleteInputs, DeleteInputsRequest.fromPartial(req as never), auth);
  }
  getInputCount(req: DeepPartial<GetInputCountRequest> = {}, auth?: CallAuth): Promise<SingleInputCountResponse> {
    return this.call(this.client.getInputCount, GetInputCountRequest.fromPartial(req as never), auth);
  }

  listInputsAddJobs(req: DeepPartial<ListInputsAddJobsRequest> = {}, auth?: CallAuth): Promise<MultiInputsAddJobResponse> {
    return this.call(this.client.listInputsAddJobs, ListInputsAddJobsRequest.fromPartial(req as never), auth);
  }
  getInputsAddJob(req: DeepPartial<GetInputsAddJobRequest>, auth?: CallAuth): Promise<SingleInputsAddJobResponse> {
    return this.call(this.client.getInputsAddJob, GetInputsAddJobRequest.fromPartial(req as never), auth);
  }
  cancelInputsAddJob(req: DeepPartial<CancelInputsAddJobRequest>, auth?: CallAuth): Promise<SingleInputsAddJobResponse> {
    return this.call(this.client.cancelInputsAddJob, CancelInputsAddJobRequest.fromPartial(req as never), auth);
  }

  /** Polls GetInput every 10 ms until the input leaves 30001/30003; fails after `timeoutMs`. */
  async waitProcessed(id: string, opts: { appId?: string; timeoutMs?: number } = {}): Promise<Input> {
    const deadline = Date.now() + (opts.timeoutMs ?? 5000);
    for (;;) {
      const res = await this.getInput({ inputId: id, ...(opts.appId ? { userAppId: { appId: opts.appId } } : {}) });
      const code = res.input?.status?.code;
      if (res.status?.code !== StatusCode.SUCCESS) throw new Error(`GetInput ${id}: ${res.status?.code} ${res.status?.details}`);
      if (code !== StatusCode.INPUT_PENDING && code !== StatusCode.INPUT_IN_PROGRESS) return res.input!;
      if (Date.now() > deadline) throw new Error(`input ${id} still ${code} after ${opts.timeoutMs ?? 5000} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Polls GetInput until the input has `code`. */
  async waitFor(id: string, code: StatusCode, timeoutMs = 5000): Promise<Input> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.getInput({ inputId: id });
      if (res.input?.status?.code === code) return res.input;
      if (Date.now() > deadline) throw new Error(`input ${id} is ${res.input?.status?.code}, not ${code}, after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export interface TestEmulator {
  emulator: RunningEmulator;
  client: V2Client;
  v2: V2Caller;
  close(): Promise<void>;
}

/** A grpc-js client for `target` with large message limits, as real callers configure. */
export function makeClient(target: string): V2Client {
  return new V2Client(target, credentials.createInsecure(), {
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
    'grpc.max_send_message_length': 256 * 1024 * 1024,
  });
}

/** Starts an emulator on 127.0.0.1:0 (`:memory:` unless `db` is given) and a client for it. */
export async function startTestEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ apiKeys: [TEST_KEY], ...overrides });
  const client = makeClient(emulator.target);
  return {
    emulator,
    client,
    v2: new V2Caller(client),
    close: async () => {
      client.close();
      await emulator.close();
    },
  };
}

/** `n` inputs with text content and ids `<prefix>-<i>`. */
export function textInputs(n: number, prefix = 't', from = 0): DeepPartial<Input>[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${from + i}`, data: { text: { raw: `text ${from + i}` } } }));
}
