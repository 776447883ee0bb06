/** Edge cases of the client's metadata checks (src/client/inputs/json-metadata.ts). */
import vm from 'node:vm';
import { startEmulator } from '../../src/emulator';
import { ClarifaiValidationError } from '../../src';
import { validateNewInput } from '../../src/client/inputs/validate-input';
import { emulatorClient, RELIABILITY_KEY } from './support';

test('a plain object from another realm (vm context; structuredClone under jest) is accepted as metadata', () => {
  expect(() => validateNewInput({ text: { raw: 'x' }, metadata: vm.runInNewContext('({ a: 1, b: { c: [1] } })') }, 0)).not.toThrow();
});

test('a "__proto__" key in metadata is either stored or refused by name, never silently dropped', async () => {
  const emulator = await startEmulator({ apiKeys: [RELIABILITY_KEY] });
  const client = emulatorClient(emulator.target);
  try {
    const metadata = JSON.parse('{"__proto__": {"x": 1}, "ok": 2}');
    const outcome = await client.addInputs([{ id: 'p1', text: { raw: 'x' }, metadata }]).catch((e: unknown) => e);
    if (outcome instanceof ClarifaiValidationError) {
      expect(outcome.message).toMatch(/__proto__/);
    } else {
      expect((await client.getInput('p1')).data?.metadata).toEqual(metadata);
    }
  } finally {
    client.close();
    await emulator.close();
  }
});
