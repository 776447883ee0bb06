/**
 * Child process: the limit. A bare Node http2 server with the largest flow-control windows and
 * frames, speaking just enough gRPC to answer PostInputs: it counts the request bytes and answers
 * one fixed-size MultiInputResponse whose status description is that count. Nothing is decoded.
 */
import * as http2 from 'node:http2';
import { MultiInputResponse } from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { runServerChild } from '../harness/child-protocol';
import { grpcFrame } from '../contenders/grpc-frame';

export const LARGE_WINDOW = 2 ** 31 - 1;
export const LARGE_FRAME = 2 ** 24 - 1;

function answer(bytesReceived: number): Buffer {
  const status = { code: StatusCode.SUCCESS, description: String(bytesReceived), details: '', percentCompleted: 0, timeRemaining: 0, reqId: 'raw' };
  return grpcFrame(MultiInputResponse.encode(MultiInputResponse.fromPartial({ status })).finish());
}

function start() {
  const server = http2.createServer({
    settings: { initialWindowSize: LARGE_WINDOW, maxFrameSize: LARGE_FRAME },
    maxSessionMemory: 1024,
  });
  server.on('session', (session) => session.setLocalWindowSize(LARGE_WINDOW));
  server.on('stream', (stream) => {
    let received = 0;
    stream.on('data', (chunk: Buffer) => (received += chunk.length));
    stream.on('end', () => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(answer(received));
    });
  });
  return new Promise<{ port: number; stop: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        port,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
          }),
      });
    });
  });
}

if (require.main === module) runServerChild(start);
