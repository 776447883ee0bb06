import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runEmulatorCommand, type EmulatorCommandIo } from '../../src/cli/commands/emulator';
import { parseEmulatorFlags } from '../../src/cli/commands/emulator-flags';
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { makeClient, TEST_KEY, V2Caller } from '../support/emulator-harness';

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  let onOut: ((line: string) => void) | undefined;
  const io: EmulatorCommandIo = {
    out: (line) => {
      out.push(line);
      onOut?.(line);
    },
    err: (line) => err.push(line),
    signals,
    env,
  };
  const firstLine = new Promise<string>((resolve) => (onOut = resolve));
  return { io, out, err, signals, firstLine };
}

/** Resolves with the first `n` lines the command prints on stdout. */
function firstLines(f: ReturnType<typeof fakeIo>, n: number): Promise<string[]> {
  return new Promise((resolve) => {
    const out = f.io.out;
    f.io.out = (line) => {
      out(line);
      if (f.out.length === n) resolve([...f.out]);
    };
  });
}

describe('emulator flags', () => {
  it.each([
    [['--api-key', 'k', '--port', 'abc'], /--port: expected a whole number, got 'abc'/],
    [['--api-key', 'k', '--port', '70000'], /--port: must be between 0 and 65535, got 70000/],
    [['--port', '0'], /--api-key: required \(or set CLARIFAI_PAT\)/],
    [['--api-key', 'k', '--bogus'], /unknown flag '--bogus'/],
    [['--api-key'], /--api-key: needs a value/],
    [['--api-key', 'k', '--hosted-port', '70000'], /--hosted-port: must be between 0 and 65535, got 70000/],
    [['--api-key', 'k', '--fault-rate', '2'], /--fault-rate: must be between 0 and 1, got 2/],
    [['--api-key', 'k', '--fault-code', 'NOPE'], /--fault-code: must be one of UNAVAILABLE/],
    [['--api-key', 'k', '--fault-phase', 'during'], /--fault-phase: must be 'before' or 'after'/],
    [['--api-key', 'k', '--latency-ms', 'soon'], /--latency-ms: expected milliseconds like 20 or 20±5/],
    [['--api-key', 'k', '--db', ''], /--db: must not be empty/],
    [['--api-key', 'k', '--user-id', 'bad id!'], /--user-id: "bad id!" has characters that are not allowed/],
    [['--api-key', 'k', '--app-id', 'x'.repeat(300)], /--app-id: is 300 characters long/],
    [['--api-key', 'k', '--throttle-rps', 'fast'], /--throttle-rps: expected a number, got 'fast'/],
    [['--api-key', 'k', '--tls-cert', 'cert.pem'], /--tls-key: needs --tls-cert and --tls-key together/],
    [['--api-key', 'k', '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem'], /--tls-cert: cannot read \/nonexistent\/cert.pem/],
    [['--api-key', 'k', '--concurrency', '0'], /--concurrency: must be between 1 and 1024, got 0/],
    [['--api-key', 'k', '--upload-transport', 'fast'], /--upload-transport: must be http2 or grpc-js, got 'fast'/],
  ])('%j fails with exit code 2 and a message naming the flag', async (argv, message) => {
    const f = fakeIo();
    expect(await runEmulatorCommand(argv, f.io)).toBe(2);
    expect(f.err[0]).toMatch(message);
    expect(f.err.join('\n')).toContain('usage: clarifai-inputs emulator');
    expect(f.out).toEqual([]);
  });

  it('parses every flag into startEmulator options', () => {
    const { options } = parseEmulatorFlags(
      ['--port', '0', '--api-key', 'a', '--api-key', 'b', '--db', ':memory:', '--host', '127.0.0.1', '--user-id', 'u', '--app-id', 'x', '--fault-rate', '0.2', '--fault-code', 'UNAVAILABLE', '--fault-code', 'CONN_THROTTLED', '--fault-phase', 'after', '--fault-seed', '7', '--latency-ms', '20±5', '--throttle-rps', '50', '--sync', 'normal', '--hosted-port', '8081', '--upload-transport', 'grpc-js'],
      {},
    );
    expect(options).toMatchObject({
      apiKeys: ['a', 'b'],
      port: 0,
      db: ':memory:',
      userId: 'u',
      appId: 'x',
      faultRate: 0.2,
      faultCodes: ['UNAVAILABLE', 'CONN_THROTTLED'],
      faultPhase: 'after',
      faultSeed: 7,
      latencyMs: { ms: 20, jitterMs: 5 },
      throttleRps: 50,
      sync: 'NORMAL',
      hostedPort: 8081,
      uploadTransport: 'grpc-js',
    });
  });

  it('defaults to a db file in the working directory and takes CLARIFAI_PAT as the key', () => {
    const { options } = parseEmulatorFlags([], { CLARIFAI_PAT: 'from-env' });
    expect(options).toMatchObject({ apiKeys: ['from-env'], db: 'clarifai-emulator.db', host: '127.0.0.1', port: 0 });
  });

  it('prints usage for --help and exits 0', async () => {
    const f = fakeIo();
    expect(await runEmulatorCommand(['--help'], f.io)).toBe(0);
    expect(f.out[0]).toContain('--fault-code');
  });
});

describe('emulator command lifecycle (in-process)', () => {
  it('prints exactly "listening on host:port", serves, and closes on SIGTERM with exit code 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-cli-'));
    try {
      const f = fakeIo();
      const exit = runEmulatorCommand(['--port', '0', '--api-key', TEST_KEY, '--db', path.join(dir, 'cli.db')], f.io);
      const line = await f.firstLine;
      expect(line).toMatch(/^listening on 127\.0\.0\.1:\d+$/);
      const target = line.slice('listening on '.length);
      const client = makeClient(target);
      const v2 = new V2Caller(client);
      expect((await v2.postInputs({ inputs: [{ id: 'one', data: { text: { raw: 'x' } } }] })).status?.code).toBe(StatusCode.SUCCESS);
      client.close();
      f.signals.emit('SIGTERM');
      expect(await exit).toBe(0);
      expect(f.signals.listenerCount('SIGTERM') + f.signals.listenerCount('SIGINT')).toBe(0);
      expect(f.out).toEqual([line]);
      expect(f.err.join('\n')).not.toContain(TEST_KEY);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with --rest-port prints "rest listening on host:port" under the gRPC line, and serves REST there', async () => {
    const f = fakeIo();
    const lines = firstLines(f, 2);
    const exit = runEmulatorCommand(['--api-key', TEST_KEY, '--db', ':memory:', '--rest-port', '0'], f.io);
    const [grpcLine, restLine] = await lines;
    expect(grpcLine).toMatch(/^listening on 127\.0\.0\.1:\d+$/);
    expect(restLine).toMatch(/^rest listening on 127\.0\.0\.1:\d+$/);
    const res = await fetch(`http://${restLine!.slice('rest listening on '.length)}/v2/inputs/status`, { headers: { authorization: `Key ${TEST_KEY}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: { code: number } }).status.code).toBe(StatusCode.SUCCESS);
    f.signals.emit('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('with --tls prints "tls ca PATH" naming the CA file it wrote', async () => {
    const f = fakeIo();
    const lines = firstLines(f, 2);
    const exit = runEmulatorCommand(['--api-key', TEST_KEY, '--db', ':memory:', '--tls'], f.io);
    const [grpcLine, caLine] = await lines;
    expect(grpcLine).toMatch(/^listening on 127\.0\.0\.1:\d+$/);
    expect(caLine).toMatch(/^tls ca .+ca\.pem$/);
    expect(readFileSync(caLine!.slice('tls ca '.length), 'utf8')).toMatch(/BEGIN CERTIFICATE/);
    f.signals.emit('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('exits 1 with the reason when the port is taken', async () => {
    const first = fakeIo();
    const exit = runEmulatorCommand(['--api-key', 'k', '--db', ':memory:'], first.io);
    const port = (await first.firstLine).split(':').pop()!;
    const second = fakeIo();
    expect(await runEmulatorCommand(['--api-key', 'k', '--db', ':memory:', '--port', port], second.io)).toBe(1);
    expect(second.err[0]).toMatch(new RegExp(`could not listen on 127.0.0.1:${port}`));
    first.signals.emit('SIGINT');
    expect(await exit).toBe(0);
  });
});
