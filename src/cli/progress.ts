/** What the progress display shows. */
export interface ProgressState {
  done: number;
  failed: number;
  total?: number;
}

interface Sink {
  write(text: string): unknown;
  isTTY?: boolean;
  /** A terminal's width; a line as wide wraps, and each redraw would leave a line behind. */
  columns?: number;
}

/**
 * Progress on stderr: on a terminal, one bar redrawn in place with rate and ETA; elsewhere a
 * plain line every `intervalMs`, and always a last line at the end.
 */
export class ProgressReporter {
  private readonly started: number;
  private lastDraw = 0;
  private state: ProgressState = { done: 0, failed: 0 };

  constructor(
    private readonly out: Sink,
    private readonly label: string,
    private readonly intervalMs = 5000,
    private readonly now: () => number = Date.now,
    /** The request rate the client is paced to, when it is (`InputsClient.rateLimiter.currentRate`). */
    private readonly pacedRate: () => number | undefined = () => undefined,
  ) {
    this.started = now();
  }

  update(state: ProgressState): void {
    this.state = state;
    const t = this.now();
    const every = this.out.isTTY ? 100 : this.intervalMs;
    if (t - this.lastDraw < every) return;
    this.lastDraw = t;
    this.draw(false);
  }

  finish(): void {
    this.draw(true);
  }

  private draw(final: boolean): void {
    const { done, failed, total } = this.state;
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    const rate = done / seconds;
    const parts = [total === undefined ? `${done}` : `${done}/${total}`];
    if (failed > 0) parts.push(`${failed} failed`);
    parts.push(`${rate.toFixed(1)}/s`);
    if (total !== undefined && !final && rate > 0) parts.push(`ETA ${clock((total - done) / rate)}`);
    const paced = this.pacedRate();
    if (paced !== undefined && !final) parts.push(`paced to ${paced.toFixed(1)} req/s`);
    if (final) parts.push(`in ${clock(seconds)}`);
    const text = `${this.label} ${parts.join('  ')}`;
    if (this.out.isTTY) {
      const bar = total ? `${barOf(done / total)} ` : '';
      const width = this.out.columns;
      const line = width && width > 1 ? `${bar}${text}`.slice(0, width - 1) : `${bar}${text}`;
      this.out.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    } else {
      this.out.write(`${text}\n`);
    }
  }
}

function barOf(fraction: number): string {
  const width = 24;
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}
