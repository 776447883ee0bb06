/** Edge cases of the client's metadata checks (src/client/inputs/json-metadata.ts). */
import vm from 'node:vm';
import { startEmulator } from '../../src/emulator';
import { ClarifaiValidationError } from '../../src';
import { validateNewInput } from '../../src/client/inputs/validate-input';
import { emulatorClient, RELIABILITY_KEY } from './support';

test('a plain object from another realm (vm context; structuredClone under jest) is accepted as metadata', () => {
  expect(() => validateNewInput({ text: { raw: 'x' }, metadata: vm.runInNewContext('({ a: 1, b: { c: [1] } })') }, 0)).not.toThrow();
});

test('a "__proto__" key in metadata is refused by name before anything is sent, never silently dropped', async () => {
  const emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY] });
  const client = emulatorClient(emulator.target);
  try {
    // JSON.parse makes "__proto__" an own key; the Struct decoder on the other side would turn it
    // into a prototype and lose it, so the client refuses it (src/client/inputs/json-metadata.ts).
    const metadata = JSON.parse('{"__proto__": {"x": 1}, "ok": 2}');
    const outcome = await client.addInputs([{ id: 'p1', text: { raw: 'x' }, metadata }]).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ClarifaiValidationError);
    expect(outcome).toMatchObject({ index: 0, inputId: 'p1', path: 'metadata["__proto__"]' });
    expect((outcome as Error).message).toBe('input #0 (id "p1"): metadata["__proto__"] is a key that JavaScript objects cannot carry as data; metadata must be plain JSON');
    const counts = await client.getInputCount();
    expect(counts.processed + counts.toProcess).toBe(0);
  } finally {
    client.close();
    await emulator.close();
  }
});
