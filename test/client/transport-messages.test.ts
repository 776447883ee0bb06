/** Transport error messages read cleanly: no empty "Resolution note:", a hint for TLS against plain text, never the key. */
import { status } from '@grpc/grpc-js';
import { ClarifaiTransportError, InputsClient } from '../../src';
import { PeerServer } from '../support/peer-server';

const KEY = 'transport-key-5ecret-never-shown';
const HINT = '(is the server plain text? pass insecure: true)';

test.each([
  [
    'an empty trailing Resolution note is dropped',
    'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
    'ListInputs failed: UNAVAILABLE (gRPC 14): No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1',
  ],
  [
    'a Resolution note with text is kept',
    'No connection established. Resolution note: try again',
    'ListInputs failed: UNAVAILABLE (gRPC 14): No connection established. Resolution note: try again',
  ],
  [
    'OpenSSL "wrong version number" gets the plain-text hint',
    'No connection established. Last error: Error: 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:ssl3_record.c:350:\n. Resolution note: ',
    `ListInputs failed: UNAVAILABLE (gRPC 14): No connection established. Last error: Error: 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:ssl3_record.c:350 ${HINT}`,
  ],
  [
    'OpenSSL "packet length too long" gets the plain-text hint',
    'Error: 40:error:0A0000C6:SSL routines:tls_get_more_records:packet length too long',
    `ListInputs failed: UNAVAILABLE (gRPC 14): Error: 40:error:0A0000C6:SSL routines:tls_get_more_records:packet length too long ${HINT}`,
  ],
  ['plain details stay as they are', 'Deadline exceeded', 'ListInputs failed: UNAVAILABLE (gRPC 14): Deadline exceeded'],
  ['nothing but an empty note leaves no colon behind', 'Resolution note: ', 'ListInputs failed: UNAVAILABLE (gRPC 14)'],
])('%s', (_name, details, message) => {
  expect(new ClarifaiTransportError({ method: 'ListInputs', grpcCode: status.UNAVAILABLE, details }).message).toBe(message);
});

test('real connections: a refused port and a TLS client at a plain-text server', async () => {
  const peer = await PeerServer.start();
  const refused = new InputsClient({ apiKey: KEY, target: '127.0.0.1:1', insecure: true, retry: false, timeoutMs: 5_000 });
  const tlsAtPlain = new InputsClient({ apiKey: KEY, target: `localhost:${peer.port}`, retry: false, timeoutMs: 5_000 });
  try {
    const refusedError = (await refused.getInputCount().catch((e: unknown) => e)) as Error;
    expect(refusedError).toBeInstanceOf(ClarifaiTransportError);
    expect(refusedError.message).toMatch(/ECONNREFUSED 127\.0\.0\.1:1$/);
    expect(refusedError.message).not.toContain('Resolution note');
    expect(refusedError.message).not.toContain(HINT);

    const tlsError = (await tlsAtPlain.getInputCount().catch((e: unknown) => e)) as Error;
    expect(tlsError).toBeInstanceOf(ClarifaiTransportError);
    expect(tlsError.message).toMatch(/(wrong version number|packet length too long).* \(is the server plain text\? pass insecure: true\)$/);
    expect(tlsError.message).not.toContain('Resolution note');
    for (const error of [refusedError, tlsError]) expect(`${error.message} ${String(error.stack)}`).not.toContain(KEY);
    expect(peer.calls).toHaveLength(0);
  } finally {
    refused.close();
    tlsAtPlain.close();
    await peer.close();
  }
});
