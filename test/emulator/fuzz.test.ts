import { credentials, Client, status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';
import fc from 'fast-check';
import { PostInputsRequest, V2Service } from '../../src/generated/clarifai/api/service.pb';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, TEST_KEY, type TestEmulator } from '../support/emulator-harness';

let t: TestEmulator;
let raw: Client;
const internalErrors: string[] = [];
beforeAll(async () => {
  t = await startTestEmulator({ log: (line) => internalErrors.push(line) });
  raw = new Client(t.emulator.target, credentials.createInsecure());
});
afterEach(() => {
  expect(internalErrors).toEqual([]);
});
afterAll(async () => {
  raw.close();
  await t.close();
});

const paths = Object.values(V2Service).map((m) => m.path);
const identity = (b: Buffer) => b;

/** Sends raw bytes as the request body of `path`; resolves with the gRPC code (0 for OK). */
function sendRaw(path: string, body: Buffer): Promise<number> {
  const md = new Metadata();
  md.set('authorization', `Key ${TEST_KEY}`);
  return new Promise((resolve) => {
    raw.makeUnaryRequest(path, identity, identity, body, md, (err: ServiceError | null) => resolve(err ? err.code : GrpcStatus.OK));
  });
}

describe('request fuzzing', () => {
  it('random bytes to every method: a gRPC answer, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.uint8Array({ maxLength: 200 }), async (path, bytes) => {
        const code = await sendRaw(path, Buffer.from(bytes));
        expect([GrpcStatus.OK, GrpcStatus.INTERNAL]).toContain(code);
      }),
      { numRuns: 150 },
    );
    expect((await t.v2.getInputCount()).status?.code).toBe(StatusCode.SUCCESS);
  });

  it('random PostInputs: each input accepted or refused with a reason; stored count matches the answers', async () => {
    const text = fc.string({ maxLength: 12 });
    const input = fc.record({
      id: fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z0-9]{1,6}$/), text),
      data: fc.option(
        fc.record({
          text: fc.option(fc.record({ raw: text, url: fc.constantFrom('', 'http://127.0.0.1:9/x', 'nope') }), { nil: undefined }),
          image: fc.option(fc.record({ url: fc.constantFrom('', 'ftp://x', 'http://127.0.0.1:9/i.png'), base64: fc.uint8Array({ maxLength: 8 }) }), { nil: undefined }),
          concepts: fc.array(fc.record({ id: text, value: fc.float() }), { maxLength: 2 }),
          metadata: fc.option(fc.dictionary(text, fc.oneof(fc.double(), text, fc.boolean(), fc.constant(null))), { nil: undefined }),
        }),
        { nil: undefined },
      ),
    });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 6 }), async (inputs) => {
        const res = await t.v2.postInputs(PostInputsRequest.fromPartial({ inputs: inputs as never }) as never);
        expect(res.inputs).toHaveLength(inputs.length);
        for (const answer of res.inputs) {
          if (answer.status?.code === StatusCode.INPUT_PENDING) stored++;
          else expect(answer.status?.details).toMatch(/\S/);
        }
        expect([StatusCode.SUCCESS, StatusCode.MIXED_STATUS, StatusCode.FAILURE]).toContain(res.status?.code);
      }),
      { numRuns: 100 },
    );
    const c = (await t.v2.getInputCount()).counts!;
    expect(c.processed + c.toProcess + c.errors + c.processing).toBe(stored);
  });
});
