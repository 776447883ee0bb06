import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ResumeLog } from '../../src/cli/resume-log';

describe('ResumeLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'resume-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers recorded ids across reopenings, once each', () => {
    const file = path.join(dir, 'landed.log');
    const first = new ResumeLog(file);
    first.record(['a', 'b']);
    first.record(['b', 'c']);
    first.close();
    const second = new ResumeLog(file);
    expect([second.has('a'), second.has('c'), second.has('d'), second.size]).toEqual([true, true, false, 3]);
    second.close();
    expect(readFileSync(file, 'utf8')).toBe('a\nb\nc\n');
  });

  it('ignores a last line cut short by a crash', () => {
    const file = path.join(dir, 'landed.log');
    appendFileSync(file, 'abc\nde');
    const log = new ResumeLog(file);
    expect([log.has('abc'), log.has('de'), log.size]).toEqual([true, false, 1]);
    log.record(['fgh']);
    log.close();
    const reopened = new ResumeLog(file);
    expect([reopened.has('fgh'), reopened.has('de'), reopened.size]).toEqual([true, true, 3]);
    reopened.close();
  });
});

describe('ResumeLog origins', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'resume-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each id with its origin, tabs and line breaks in an origin flattened', () => {
    const file = path.join(dir, 'landed.log');
    const log = new ResumeLog(file);
    log.record(['a', 'b'], (id) => (id === 'a' ? 'photos/a.png' : 'rows.csv:2\tx\ny'));
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('a\tphotos/a.png\nb\trows.csv:2 x y\n');
    expect([...ResumeLog.read(file)]).toEqual([
      ['a', 'photos/a.png'],
      ['b', 'rows.csv:2 x y'],
    ]);
  });
});
