/**
 * A peer server built from the official definitions (see peer-definitions.ts): a real grpc-js
 * server on 127.0.0.1:0 that records every call's metadata and request and answers from a
 * script, falling back to an in-memory store. Scripted replies can fail at the gRPC level,
 * answer with a Clarifai status, or perform the write and then lose the answer.
 */
import * as grpc from '@grpc/grpc-js';
import { officialV2Service } from './peer-definitions';
import { PeerStore, type Wire } from './peer-store';

export interface RecordedCall {
  method: string;
  request: Wire;
  metadata: Record<string, string[]>;
  deadline: Date | undefined;
  at: number;
}

/** What the peer does with one call. */
export type PeerReply =
  | { response: Wire }
  | { error: { code: grpc.status; details?: string } }
  /** Run the store (the write happens), then fail with UNAVAILABLE as if the answer was lost. */
  | { loseAnswer: true }
  /** Answer from the store (the default). */
  | { store: true }
  /** Never answer (until the client gives up). */
  | { hang: true };

export type PeerHandler = (request: Wire, call: RecordedCall) => PeerReply | Promise<PeerReply>;

const storeMethods: Record<string, (store: PeerStore, request: Wire) => Wire> = {
  PostInputs: (s, r) => s.postInputs(r),
  ListInputs: (s, r) => s.listInputs(r),
  StreamInputs: (s, r) => s.streamInputs(r),
  GetInput: (s, r) => s.getInput(r),
  PatchInputs: (s, r) => s.patchInputs(r),
  DeleteInputs: (s, r) => s.deleteInputs(r),
  GetInputCount: (s) => s.getInputCount(),
};

export class PeerServer {
  readonly calls: RecordedCall[] = [];
  readonly store = new PeerStore();
  private readonly scripts = new Map<string, PeerReply[]>();
  private readonly handlers = new Map<string, PeerHandler>();
  private readonly hanging = new Set<() => void>();
  private readonly arrivals: Array<{ method: string; arrived: (call: RecordedCall) => void }> = [];

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  get target(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Plain text, or TLS with `tls: { cert, key }` (PEM). */
  static async start(options: { tls?: { cert: Buffer; key: Buffer } } = {}): Promise<PeerServer> {
    const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 * 1024 * 1024 });
    const serverCredentials = options.tls
      ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: options.tls.cert, private_key: options.tls.key }])
      : grpc.ServerCredentials.createInsecure();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', serverCredentials, (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const peer = new PeerServer(server, port);
    const service = officialV2Service();
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const name of Object.keys(storeMethods)) {
      implementation[name] = (call: grpc.ServerUnaryCall<Wire, Wire>, callback: grpc.sendUnaryData<Wire>) =>
        void peer.handle(name, call, callback);
    }
    server.addService(service, implementation);
    return peer;
  }

  /** Replies for the next calls of `method`, used in order before the handler or the store. */
  script(method: string, ...replies: PeerReply[]): this {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...replies]);
    return this;
  }

  /** A handler for `method` (after the script runs out). */
  on(method: string, handler: PeerHandler): this {
    this.handlers.set(method, handler);
    return this;
  }

  /** Resolves when the next call of `method` reaches this server: wait for this, not for a fixed time. */
  nextCall(method: string): Promise<RecordedCall> {
    return new Promise((arrived) => this.arrivals.push({ method, arrived }));
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async close(): Promise<void> {
    for (const release of this.hanging) release();
    this.hanging.clear();
    // Clients are closed by now; a stray connection (e.g. a TLS hello at this plain-text port) must not hold the shutdown.
    this.server.forceShutdown();
  }

  private async handle(method: string, call: grpc.ServerUnaryCall<Wire, Wire>, callback: grpc.sendUnaryData<Wire>): Promise<void> {
    const deadline = call.getDeadline();
    const recorded: RecordedCall = {
      method,
      request: call.request,
      metadata: Object.fromEntries(
        Object.entries(call.metadata.getMap()).map(([key]) => [key, call.metadata.get(key).map((value) => value.toString())]),
      ),
      deadline: deadline instanceof Date ? deadline : Number.isFinite(deadline) ? new Date(deadline) : undefined,
      at: Date.now(),
    };
    this.calls.push(recorded);
    for (const waiter of this.arrivals.filter((w) => w.method === method)) {
      this.arrivals.splice(this.arrivals.indexOf(waiter), 1);
      waiter.arrived(recorded);
    }
    const scripted = this.scripts.get(method)?.shift();
    const handler = this.handlers.get(method);
    const reply: PeerReply = scripted ?? (handler ? await handler(call.request, recorded) : { store: true });
    const fromStore = (): Wire => storeMethods[method]!(this.store, call.request);
    if ('response' in reply) callback(null, reply.response);
    else if ('error' in reply) callback({ code: reply.error.code, details: reply.error.details ?? 'scripted failure' }, null);
    else if ('loseAnswer' in reply) {
      fromStore();
      callback({ code: grpc.status.UNAVAILABLE, details: 'connection reset after the write (scripted)' }, null);
    } else if ('hang' in reply) {
      const release = (): void => callback({ code: grpc.status.CANCELLED, details: 'peer closing' }, null);
      this.hanging.add(release);
      call.on('cancelled', () => this.hanging.delete(release));
    } else callback(null, fromStore());
  }
}
