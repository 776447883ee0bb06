import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { PreparedBlob } from '../store/blob-store';
import type { QueuedInput } from '../store/input-row';
import type { InputStore } from '../store/input-store';
import { settleWithoutDownload, type Outcome } from './process-input';

export type Processor = (row: QueuedInput, stop: AbortSignal) => Promise<Outcome>;

/** Most inputs settled without a download in one transaction. */
const MAX_SETTLED_PER_TRANSACTION = 1024;

interface Finished {
  row: QueuedInput;
  outcome: Outcome;
  /** Downloaded bytes, already durable (see `BlobStore.prepare`). */
  blob?: PreparedBlob | undefined;
}

/**
 * Moves pending inputs through processing with at most `concurrency` at a time: claims the
 * oldest pending ones (30001 → 30003), processes them, and records the outcomes (30000 or
 * 30002) in batched transactions. Inputs that need no download (raw text, uploads PostInputs
 * checked) are claimed and settled in the same transaction, up to 1024 per commit, so a commit
 * (a WAL sync at `sync: FULL`) is shared by many inputs. Woken by `kick()`; needs no timers.
 * `stop()` cuts downloads short and puts unfinished inputs back to pending, so a restart
 * resumes them.
 */
export class ProcessingWorker {
  private active = 0;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  private readonly done: Finished[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private pumpScheduled: NodeJS.Immediate | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly store: InputStore,
    private readonly process: Processor,
    private readonly concurrency: number,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Schedules a look for pending inputs (after the current call has answered). */
  kick(): void {
    if (this.stopping || this.pumpScheduled) return;
    this.pumpScheduled = setImmediate(() => {
      this.pumpScheduled = undefined;
      this.pump();
    });
  }

  private pump(): void {
    if (this.stopping || this.active >= this.concurrency) return;
    let afterCommit: () => void;
    try {
      afterCommit = this.store.transaction(() => this.claimWithin());
    } catch (err) {
      this.log(`emulator: processing could not claim inputs: ${(err as Error).message}`);
      return;
    }
    afterCommit();
  }

  /**
   * Inside a transaction (the pump's own, or the one of the PostInputs call that stored new
   * inputs, so one commit serves both): settles what needs no download and claims the rest, as
   * `claim` does. Returns what to run once that transaction has committed: start the downloads,
   * and look again if more may wait behind a full transaction. Nothing runs if it rolls back.
   */
  claimWithin(): () => void {
    if (this.stopping || this.active >= this.concurrency) return () => undefined;
    const claimed = this.claim();
    return () => {
      for (const row of claimed.toDownload) this.start(row);
      // More may wait behind a full transaction: look again after calls waiting now are answered.
      if (claimed.settled === MAX_SETTLED_PER_TRANSACTION) this.kick();
    };
  }

  /**
   * Inside a transaction: whether `claimWithin` would settle inputs stored now that need no
   * download at once (nothing pending ahead of them, a slot free), so they may be stored settled.
   */
  settlesAtOnce(): boolean {
    return !this.stopping && this.active < this.concurrency && !this.store.hasPending();
  }

  /**
   * Inside a transaction: walks pending inputs oldest first while a slot is free, settles those
   * that need no download on the spot (their slot is free again at once), and claims the others
   * for download. Stops at the first input that finds no free slot, so order is kept.
   */
  private claim(): { toDownload: QueuedInput[]; settled: number } {
    const toDownload: QueuedInput[] = [];
    let settled = 0;
    for (const row of this.store.oldestPending(MAX_SETTLED_PER_TRANSACTION)) {
      if (this.active + toDownload.length >= this.concurrency) break;
      const outcome = settleWithoutDownload(row);
      if (outcome) {
        this.record({ row, outcome }, StatusCode.INPUT_PENDING);
        settled++;
      } else {
        this.store.markInProgress(row.seq);
        toDownload.push(row);
      }
    }
    return { toDownload, settled };
  }

  private start(row: QueuedInput): void {
    this.active++;
    const task = this.process(row, this.abort.signal)
      .then((outcome) => this.withDurableBytes(row, outcome))
      .catch((err: unknown): Finished => ({ row, outcome: { kind: 'failed', details: `internal processing error: ${(err as Error).message}` } }))
      .then((finished) => {
        this.done.push(finished);
        this.active--;
        this.scheduleFlush();
      });
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.stopping) return;
    this.flushScheduled = setImmediate(() => {
      this.flushScheduled = undefined;
      this.flush();
      this.pump();
    });
  }

  /** Downloaded bytes are made durable before the transaction that records them. */
  private async withDurableBytes(row: QueuedInput, outcome: Outcome): Promise<Finished> {
    if (outcome.kind !== 'success' || !outcome.newBlob) return { row, outcome };
    const [blob] = await this.store.blobs.prepare([outcome.newBlob]);
    return { row, outcome, blob };
  }

  /** Writes every finished outcome in one transaction. */
  private flush(): void {
    const batch = this.done.splice(0);
    if (batch.length === 0) return;
    try {
      this.store.transaction(() => {
        for (const finished of batch) this.record(finished);
      });
    } catch (err) {
      this.log(`emulator: processing could not record ${batch.length} outcomes: ${(err as Error).message}`);
    } finally {
      this.store.blobs.release(batch.map((f) => f.blob));
    }
  }

  private record({ row, outcome, blob }: Finished, from: StatusCode = StatusCode.INPUT_IN_PROGRESS): void {
    const now = this.now();
    if (outcome.kind === 'requeue') {
      this.store.requeue(row.seq);
    } else if (outcome.kind === 'failed') {
      this.store.finish(row.seq, StatusCode.INPUT_FAILED, outcome.details, {}, now, from);
    } else {
      // A blob row is written once, with its content type: uploads by PostInputs, downloads here.
      // An input deleted meanwhile takes its new blob row with it (its file goes after the commit).
      const token = blob ? this.store.blobs.insert(blob) : undefined;
      const imageInfo = outcome.imageInfo ? JSON.stringify(outcome.imageInfo) : undefined;
      const finished = this.store.finish(row.seq, StatusCode.INPUT_SUCCESS, '', { ...(token ? { blobToken: token } : {}), ...(imageInfo ? { imageInfo } : {}) }, now, from);
      if (!finished && token) this.store.blobs.delete(token);
    }
  }

  /** Stops claiming, cuts in-flight work short, and records what finished. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.pumpScheduled) clearImmediate(this.pumpScheduled);
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.pumpScheduled = this.flushScheduled = undefined;
    this.abort.abort();
    await Promise.allSettled([...this.running]);
    this.flush();
  }
}
