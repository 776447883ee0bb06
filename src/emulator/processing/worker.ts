import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { newBlobToken } from '../service/ids';
import type { InputRow } from '../store/input-row';
import type { InputStore } from '../store/input-store';
import type { Outcome } from './process-input';

export type Processor = (row: InputRow, stop: AbortSignal) => Promise<Outcome>;

/**
 * Moves pending inputs through processing with at most `concurrency` at a time: claims the
 * oldest pending ones (30001 → 30003), processes them, and records the outcomes (30000 or
 * 30002) in batched transactions. Woken by `kick()`; needs no timers. `stop()` cuts downloads
 * short and puts unfinished inputs back to pending, so a restart resumes them.
 */
export class ProcessingWorker {
  private active = 0;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  private readonly done: { row: InputRow; outcome: Outcome }[] = [];
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
    if (this.stopping) return;
    const free = this.concurrency - this.active;
    if (free <= 0) return;
    let rows: InputRow[];
    try {
      rows = this.store.claimPending(free);
    } catch (err) {
      this.log(`emulator: processing could not claim inputs: ${(err as Error).message}`);
      return;
    }
    for (const row of rows) this.start(row);
  }

  private start(row: InputRow): void {
    this.active++;
    const task = this.process(row, this.abort.signal)
      .catch((err: unknown): Outcome => ({ kind: 'failed', details: `internal processing error: ${(err as Error).message}` }))
      .then((outcome) => {
        this.done.push({ row, outcome });
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

  /** Writes every finished outcome in one transaction. */
  private flush(): void {
    const batch = this.done.splice(0);
    if (batch.length === 0) return;
    try {
      this.store.transaction(() => {
        for (const { row, outcome } of batch) this.record(row, outcome);
      });
    } catch (err) {
      this.log(`emulator: processing could not record ${batch.length} outcomes: ${(err as Error).message}`);
    }
  }

  private record(row: InputRow, outcome: Outcome): void {
    const now = this.now();
    if (outcome.kind === 'requeue') {
      this.store.requeue(row.seq);
    } else if (outcome.kind === 'failed') {
      this.store.finish(row.seq, StatusCode.INPUT_FAILED, outcome.details, {}, now);
    } else {
      const token = outcome.newBlob ? newBlobToken() : undefined;
      const imageInfo = outcome.imageInfo ? JSON.stringify(outcome.imageInfo) : undefined;
      const finished = this.store.finish(row.seq, StatusCode.INPUT_SUCCESS, '', { ...(token ? { blobToken: token } : {}), ...(imageInfo ? { imageInfo } : {}) }, now);
      if (!finished) return;
      // A blob row is written once, with its content type: uploads by PostInputs, downloads here.
      if (token && outcome.newBlob) this.store.insertBlob(token, outcome.newBlob.contentType, outcome.newBlob.bytes);
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
