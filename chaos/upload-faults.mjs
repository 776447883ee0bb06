// Scenario 1: N inputs through addInputs at 20% injected faults, for every fault code and both
// phases, each against its own in-process emulator. Afterwards the app must hold exactly the
// N inputs, once each, with their data. Codes the client does not retry on PostInputs
// (DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) are first tried as one call, then finished the way a
// careful caller would (uploadUntilDone), and the table says so.
import { allStored, compareStored, emulatorClient, FAULT_CODES, KEY, now, numberedInputs, seconds, startEmulator, uploadUntilDone } from './lib.mjs';

const RATE = 0.2;

export async function uploadUnderFaults(n) {
  const rows = [];
  let seed = 1000;
  for (const code of FAULT_CODES) {
    for (const phase of ['before', 'after']) {
      const emulator = await startEmulator({ apiKeys: [KEY], faultRate: RATE, faultCodes: [code], faultPhase: phase, faultSeed: seed++ });
      const events = [];
      const client = emulatorClient(emulator.target, { onCall: (e) => events.push(e) });
      const tag = `${code}-${phase}`;
      const started = now();
      let oneCall;
      let calls = 1;
      try {
        const inputs = numberedInputs(n, tag, true);
        try {
          const result = await client.addInputs(inputs);
          oneCall = result.failed.length === 0 && result.added.length === n ? 'all added' : `${result.failed.length} failed`;
        } catch (error) {
          oneCall = `gave up: ${error.grpcCodeName ?? error.statusCodeName ?? error.message} after ${error.partialResult?.added.length ?? 0}`;
          const rest = await uploadUntilDone(client, inputs);
          calls = 1 + rest.calls;
        }
        const elapsed = now() - started;
        const post = events.filter((e) => e.method === 'PostInputs');
        const check = compareStored(await allStored(client), n, tag);
        rows.push({
          code,
          phase,
          oneCall,
          calls,
          postAttempts: post.length,
          faultedAttempts: post.filter((e) => e.error !== undefined).length,
          confirmations: events.filter((e) => e.method === 'ListInputs').length,
          seconds: elapsed / 1000,
          ...check,
        });
      } finally {
        client.close();
        await emulator.close();
      }
    }
  }
  return rows;
}

export const uploadHeader = ['fault', 'phase', 'one addInputs call', 'calls', 'PostInputs attempts', 'faulted', 'ListInputs checks', 'time', 'stored', 'missing', 'doubled', 'wrong data', 'exactly once'];

export const uploadRow = (r) => [r.code, r.phase, r.oneCall, r.calls, r.postAttempts, r.faultedAttempts, r.confirmations, seconds(r.seconds * 1000), r.stored, r.missing, r.doubled, r.wrongData, r.exactlyOnce ? 'yes' : 'NO'];
