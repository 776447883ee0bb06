import { credentials, makeGenericClientConstructor, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { HealthService, ServingStatus } from '../../src/emulator/server/health-service';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, type TestEmulator } from '../support/emulator-harness';
import { sampleBmp } from '../support/http-fixtures';

const HealthClient = makeGenericClientConstructor(HealthService, 'grpc.health.v1.Health');

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.close();
});

function check(client: InstanceType<typeof HealthClient>, service: string): Promise<{ status: ServingStatus }> {
  return new Promise((resolve, reject) => {
    (client as any).check({ service }, (err: ServiceError | null, res: { status: ServingStatus }) => (err ? reject(err) : resolve(res)));
  });
}

describe('grpc.health.v1', () => {
  it('answers SERVING for the server and for clarifai.api.V2, NOT_FOUND for other services', async () => {
    const client = new HealthClient(t.emulator.target, credentials.createInsecure());
    try {
      expect(await check(client, '')).toEqual({ status: ServingStatus.SERVING });
      expect(await check(client, 'clarifai.api.V2')).toEqual({ status: ServingStatus.SERVING });
      await expect(check(client, 'nope.Service')).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
    } finally {
      client.close();
    }
  });

  it('streams SERVING to a watcher, then NOT_SERVING and the end of the stream on close', async () => {
    const client = new HealthClient(t.emulator.target, credentials.createInsecure());
    const seen: ServingStatus[] = [];
    const stream = (client as any).watch({ service: '' });
    const ended = new Promise<void>((resolve) => {
      stream.on('data', (msg: { status: ServingStatus }) => seen.push(msg.status));
      stream.on('end', resolve);
      stream.on('error', resolve);
    });
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    await t.emulator.close();
    await ended;
    client.close();
    expect(seen).toEqual([ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
  });
});

describe('service limits and shutdown', () => {
  it('takes a request above the 4 MiB gRPC default (a 6 MB image)', async () => {
    const big = sampleBmp(1500, 1400);
    expect(big.length).toBeGreaterThan(6_000_000);
    const res = await t.v2.postInputs({ inputs: [{ id: 'big', data: { image: { base64: big } } }] });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    expect((await t.v2.waitProcessed('big')).data?.image?.imageInfo).toMatchObject({ format: 'BMP', width: 1500, height: 1400 });
  });

  it('lets an in-flight call finish during close, then refuses new connections', async () => {
    await t.close();
    let postArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (postArrived = resolve));
    t = await startTestEmulator({ latencyMs: 400, onCallReceived: (call) => call.method === 'postInputs' && postArrived() });
    await t.v2.getInputCount();
    const inFlight = t.v2.postInputs({ inputs: [{ id: 'last', data: { text: { raw: 'x' } } }] });
    // The call has reached the server and sits in the 400 ms latency wait: close() starts while it is in flight.
    await arrived;
    const closing = t.emulator.close();
    const res = await inFlight;
    await closing;
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    await expect(t.v2.getInputCount()).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
  });

  it('close() can be called twice', async () => {
    await Promise.all([t.emulator.close(), t.emulator.close()]);
  });

  it('gives every response a req_id', async () => {
    const a = await t.v2.getInputCount();
    const b = await t.v2.getInputCount();
    expect(a.status?.reqId).toMatch(/^emu-[0-9a-f]{16}$/);
    expect(a.status?.reqId).not.toBe(b.status?.reqId);
  });
});
