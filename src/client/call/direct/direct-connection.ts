/**
 * The HTTP/2 connection of the direct transport (see direct-call.ts): one session per client,
 * opened on first use and opened again after the server closed it (GOAWAY, idle timeout, a
 * dropped socket). While calls are in flight it keeps the process alive and sends keepalive
 * pings, as grpc-js does with our channel options; idle, it does neither.
 */
import * as http2 from 'node:http2';
import type { TargetAddress } from './target-address';

export interface DirectConnectionOptions {
  address: TargetAddress;
  /** Plain text (h2c) instead of TLS. */
  insecure: boolean;
  /** PEM roots for TLS; the system roots when undefined. */
  rootCerts: Buffer | undefined;
  /** The name the server's certificate must carry, when not the target's host (`grpc.ssl_target_name_override`). */
  serverName: string | undefined;
  /** Receive window of each stream and of the connection, bytes. */
  flowControlWindow: number;
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
  /** Node's per-session memory cap, in MB (`grpc-node.max_session_memory`). */
  maxSessionMemory: number;
}

export class DirectConnection {
  readonly #options: DirectConnectionOptions;
  #session: http2.ClientHttp2Session | undefined;
  /** Streams open on each session: a session with none lets the process exit (unref). */
  readonly #open = new WeakMap<http2.Http2Session, number>();
  #keepalive: NodeJS.Timeout | undefined;
  #closed = false;
  /** Sessions that completed their handshake: a failure then is a dropped connection, before it a failed connect. */
  readonly #connected = new WeakSet<http2.Http2Session>();

  constructor(options: DirectConnectionOptions) {
    this.#options = options;
  }

  /** Opens a stream for one call; the session is made (or made again) as needed. */
  request(headers: http2.OutgoingHttpHeaders): http2.ClientHttp2Stream {
    if (this.#closed) throw new Error('the connection is closed');
    const session = this.#usableSession();
    const stream = session.request(headers, { endStream: false });
    const open = (this.#open.get(session) ?? 0) + 1;
    this.#open.set(session, open);
    if (open === 1) {
      session.ref();
      this.#startKeepalive(session);
    }
    stream.once('close', () => {
      const left = (this.#open.get(session) ?? 1) - 1;
      this.#open.set(session, left);
      if (left > 0) return;
      // Counted per session: after a GOAWAY the old session's last stream may close after the
      // new session's, and each must be let go by its own count.
      if (session === this.#session) this.#stopKeepalive();
      if (!session.destroyed) session.unref();
    });
    return stream;
  }

  /** Whether `session` ever completed its handshake. */
  hasConnected(session: http2.Http2Session | undefined): boolean {
    return session !== undefined && this.#connected.has(session);
  }

  /** Closes the session: calls in flight end, later requests are refused. */
  close(): void {
    this.#closed = true;
    this.#stopKeepalive();
    this.#session?.destroy();
    this.#session = undefined;
  }

  #usableSession(): http2.ClientHttp2Session {
    const current = this.#session;
    if (current !== undefined && !current.closed && !current.destroyed) return current;
    const { address, insecure, rootCerts, serverName, flowControlWindow, maxSessionMemory } = this.#options;
    const authority = `${insecure ? 'http' : 'https'}://${address.authority}`;
    const tls: http2.SecureClientSessionOptions = insecure
      ? {}
      : { ...(rootCerts === undefined ? {} : { ca: rootCerts }), ...(serverName === undefined ? {} : { servername: serverName }) };
    const session = http2.connect(authority, {
      ...tls,
      settings: { initialWindowSize: flowControlWindow, enablePush: false },
      // As grpc-js: Node's default cap (10 MB) counts request bytes queued to send, and past it
      // refuses new streams with ENHANCE_YOUR_CALM; four 8 MB batches in flight are over it.
      maxSessionMemory,
      maxSendHeaderBlockLength: Number.MAX_SAFE_INTEGER,
    });
    // Without a listener a connection error would be thrown; each stream reports it instead.
    session.on('error', () => {});
    session.on('goaway', () => this.#forget(session));
    session.on('close', () => this.#forget(session));
    session.once('connect', () => {
      this.#connected.add(session);
      if (!session.destroyed) session.setLocalWindowSize(flowControlWindow);
    });
    this.#session = session;
    return session;
  }

  #forget(session: http2.ClientHttp2Session): void {
    // Streams already open finish on the old session; new ones get a new session.
    if (this.#session === session) {
      this.#session = undefined;
      this.#stopKeepalive();
    }
  }

  #startKeepalive(session: http2.ClientHttp2Session): void {
    const { keepaliveTimeMs, keepaliveTimeoutMs } = this.#options;
    if (!(keepaliveTimeMs > 0) || keepaliveTimeMs === Number.POSITIVE_INFINITY) return;
    this.#stopKeepalive();
    this.#keepalive = setInterval(() => {
      if (session.destroyed || session.closed) return this.#stopKeepalive();
      const timeout = setTimeout(() => session.destroy(new Error(`keepalive ping not answered within ${keepaliveTimeoutMs} ms`)), keepaliveTimeoutMs);
      timeout.unref();
      let sent = false;
      try {
        sent = session.ping((error) => {
          clearTimeout(timeout);
          if (error !== null && !session.destroyed) session.destroy(error);
        });
      } catch {
        // Not connected yet, or closing: the next tick tries again.
      }
      if (!sent) clearTimeout(timeout);
    }, keepaliveTimeMs);
    this.#keepalive.unref();
  }

  #stopKeepalive(): void {
    if (this.#keepalive !== undefined) clearInterval(this.#keepalive);
    this.#keepalive = undefined;
  }
}
