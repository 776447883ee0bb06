import { ProgressReporter } from '../../src/cli/progress';
import { clientOptionsFrom } from '../../src/cli/global-flags';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('ProgressReporter', () => {
  it('prints a plain line per interval when not on a terminal, and a final line', () => {
    let now = 0;
    const { writes, out } = sink(false);
    const progress = new ProgressReporter(out, 'add', 5000, () => now);
    now = 1000;
    progress.update({ done: 10, failed: 0, total: 100 }); // within the first interval: silent
    now = 2000;
    progress.update({ done: 20, failed: 0, total: 100 }); // within the interval: silent
    now = 7000;
    progress.update({ done: 70, failed: 1, total: 100 });
    now = 10_000;
    progress.finish();
    expect(writes).toEqual([
      'add 70/100  1 failed  10.0/s  ETA 0:03\n',
      'add 70/100  1 failed  7.0/s  in 0:10\n',
    ]);
  });

  it('redraws one bar in place on a terminal', () => {
    let now = 0;
    const { writes, out } = sink(true);
    const progress = new ProgressReporter(out, 'add', 5000, () => now);
    now = 2000;
    progress.update({ done: 50, failed: 0, total: 100 });
    now = 4000;
    progress.finish();
    expect(writes[0]).toBe('\r\x1b[2K[############------------] 50% add 50/100  25.0/s  ETA 0:02');
    expect(writes[1]?.endsWith('in 0:04\n')).toBe(true);
  });

  it('on a narrow terminal, cuts the line to the width so a redraw never wraps into a new line', () => {
    let now = 0;
    const writes: string[] = [];
    const progress = new ProgressReporter({ isTTY: true, columns: 30, write: (t: string) => writes.push(t) }, 'add', 5000, () => now);
    now = 2000;
    progress.update({ done: 50, failed: 0, total: 100 });
    expect(writes[0]).toBe('\r\x1b[2K[############------------] 50');
    expect((writes[0] ?? '').length - '\r\x1b[2K'.length).toBe(29);
  });
});

describe('ProgressReporter with a paced client', () => {
  it('shows the rate requests are paced to while running, not in the final line', () => {
    let now = 0;
    const client: { paced?: number } = {};
    const { writes, out } = sink(false);
    const progress = new ProgressReporter(out, 'add', 5000, () => now, () => client.paced);
    now = 5000;
    progress.update({ done: 10, failed: 0, total: 100 });
    client.paced = 2.85;
    now = 10_000;
    progress.update({ done: 20, failed: 0, total: 100 });
    progress.finish();
    expect(writes).toEqual(['add 10/100  2.0/s  ETA 0:45\n', 'add 20/100  2.0/s  ETA 0:40  paced to 2.9 req/s\n', 'add 20/100  2.0/s  in 0:10\n']);
  });
});

describe('--rps', () => {
  it('sets the client ceiling; a bad value names the flag', () => {
    expect(clientOptionsFrom({ 'api-key': 'k', rps: '2.5' }).maxRequestsPerSecond).toBe(2.5);
    expect(clientOptionsFrom({ 'api-key': 'k' }).maxRequestsPerSecond).toBeUndefined();
    expect(() => clientOptionsFrom({ 'api-key': 'k', rps: 'fast' })).toThrow(/--rps: expected a number, got 'fast'/);
    expect(() => clientOptionsFrom({ 'api-key': 'k', rps: '0' })).toThrow(/--rps: must be between/);
  });
});
