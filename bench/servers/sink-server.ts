/**
 * Child process: a grpc-js server that acknowledges PostInputs without storing anything and
 * answers ListInputs / StreamInputs from pre-encoded pages. With no tuning it has grpc-js's
 * default HTTP/2 settings, as a foreign server would.
 */
import { Server, ServerCredentials, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { Input } from '../../src/generated/clarifai/api/resources.pb';
import {
  ListInputsRequest,
  MultiInputResponse,
  PostInputsRequest,
  StreamInputsRequest,
  V2Service,
} from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { indexOfListedId } from '../fixtures/listed-inputs';
import { runServerChild } from '../harness/child-protocol';
import { applyConnectionWindow, applyHttp2Settings, type Http2Tuning } from '../../src/emulator/server/http2-tuning';
import { PageSource } from './page-source';

export interface SinkTask {
  tuning?: Http2Tuning;
  /** Inputs served by ListInputs / StreamInputs. */
  listInputs?: number;
  /** Keep encoded pages of this size in memory (encoded before the server reports its port). */
  cachePerPage?: number;
}

const MAX = 1024 * 1024 * 1024;
const identity = (bytes: Buffer): Buffer => bytes;

function status(code: StatusCode, description: string) {
  return { code, description, details: '', percentCompleted: 0, timeRemaining: 0, reqId: 'sink' };
}

function postInputs(call: ServerUnaryCall<PostInputsRequest, MultiInputResponse>, done: sendUnaryData<MultiInputResponse>): void {
  const pending = status(StatusCode.INPUT_PENDING, 'Pending');
  const inputs = call.request.inputs.map((input) => Input.fromPartial({ id: input.id, status: pending }));
  done(null, MultiInputResponse.fromPartial({ status: status(StatusCode.SUCCESS, 'Ok'), inputs }));
}

function start(task: SinkTask) {
  const pages = new PageSource(task.listInputs ?? 0, task.cachePerPage !== undefined);
  if (task.cachePerPage !== undefined) pages.warm(task.cachePerPage);

  const listInputs = (call: ServerUnaryCall<ListInputsRequest, Buffer>, done: sendUnaryData<Buffer>) => {
    const perPage = call.request.perPage || 128;
    const page = call.request.page || 1;
    done(null, pages.page((page - 1) * perPage, perPage));
  };
  const streamInputs = (call: ServerUnaryCall<StreamInputsRequest, Buffer>, done: sendUnaryData<Buffer>) => {
    const { perPage, lastId, descending } = call.request;
    if (descending) {
      done({ code: 12, details: 'the sink serves ascending streams only' });
      return;
    }
    done(null, pages.page(lastId === '' ? 0 : indexOfListedId(lastId) + 1, perPage || 20));
  };

  // A benchmark of tuning that silently did not apply would measure the wrong thing.
  const mustFind = (missing: string | undefined) => {
    if (missing !== undefined) throw new Error(`grpc-js has no ${missing}: HTTP/2 tuning needs updating`);
  };

  // Pages go out as the bytes they were encoded to: no per-call encoding on the server.
  const service = {
    postInputs: V2Service.postInputs,
    listInputs: { ...V2Service.listInputs, responseSerialize: identity },
    streamInputs: { ...V2Service.streamInputs, responseSerialize: identity },
  } as unknown as ServiceDefinition;

  const server = new Server({ 'grpc.max_receive_message_length': MAX, 'grpc.max_send_message_length': MAX });
  if (task.tuning) mustFind(applyHttp2Settings(server, task.tuning));
  server.addService(service, { postInputs, listInputs, streamInputs });
  return new Promise<{ port: number; stop: () => Promise<void> }>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => {
      if (error) return reject(error);
      try {
        if (task.tuning) mustFind(applyConnectionWindow(server, task.tuning, (line) => console.error(`sink: ${line}`)));
      } catch (err) {
        server.forceShutdown();
        return reject(err as Error);
      }
      resolve({
        port,
        stop: () =>
          new Promise<void>((done) => {
            server.forceShutdown();
            done();
          }),
      });
    });
  });
}

if (require.main === module) runServerChild(() => start(JSON.parse(process.argv[2] ?? '{}') as SinkTask));
