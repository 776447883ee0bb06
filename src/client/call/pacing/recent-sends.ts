/**
 * The attempts sent in the last few seconds and whether the service throttled them: what the
 * adaptive rate measures the service's accepted rate from.
 */
export interface SendRecord {
  readonly at: number;
  throttled: boolean;
}

export class RecentSends {
  private records: SendRecord[] = [];
  private head = 0;

  constructor(private readonly keepMs: number) {}

  add(at: number): SendRecord {
    this.prune(at);
    const record: SendRecord = { at, throttled: false };
    this.records.push(record);
    return record;
  }

  /** Sends in [now - spanMs, now], and those not answered as throttled (in flight counts as accepted). */
  countSince(now: number, spanMs: number): { sent: number; accepted: number } {
    this.prune(now);
    let sent = 0;
    let accepted = 0;
    for (let i = this.records.length - 1; i >= this.head; i--) {
      const record = this.records[i] as SendRecord;
      if (record.at < now - spanMs) break;
      sent++;
      if (!record.throttled) accepted++;
    }
    return { sent, accepted };
  }

  private prune(now: number): void {
    while (this.head < this.records.length && (this.records[this.head] as SendRecord).at < now - this.keepMs) this.head++;
    // Drop the pruned prefix now and then, so the array does not grow with the job.
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }
}
