import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A server certificate and key (PEM), and when the emulator made them, the CA that signed them. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** Path of the CA certificate written for clients (`NODE_EXTRA_CA_CERTS`, `GRPC_DEFAULT_SSL_ROOTS_FILE_PATH`). */
  caFile?: string;
  /** Removes what was written. */
  dispose(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Loads `selfsigned` on demand: an optional peer dependency, needed only here. */
async function loadSelfsigned(): Promise<typeof import('selfsigned')> {
  try {
    return await import('selfsigned');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error('--tls (tls: true) without your own certificate needs selfsigned, an optional peer dependency: run `npm install selfsigned@5`', { cause: err });
    }
    throw new Error(`--tls (tls: true) could not load selfsigned: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Makes a CA and a server certificate it signs, for `localhost`, `127.0.0.1` and `::1`, with the
 * maintained `selfsigned` package (EC keys need 5.4 or later), and writes the CA to a fresh
 * temporary file.
 */
export async function makeLocalTls(): Promise<TlsMaterial> {
  const selfsigned = await loadSelfsigned();
  const validity = { notBeforeDate: new Date(Date.now() - DAY_MS), notAfterDate: new Date(Date.now() + 365 * DAY_MS) };
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'clarifai-inputs emulator local CA' }], {
    ...validity,
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    ...validity,
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'clarifai-emulator-tls-'));
  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, ca.cert);
  return { cert: server.cert, key: server.private, caFile, dispose: () => rm(dir, { recursive: true, force: true }) };
}
