import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/check-generated.sh');

function check(dir: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(script, [dir], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('generated-code drift check', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'generated-'));
    cpSync(path.join(root, 'src/generated'), scratch, { recursive: true });
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('passes on the committed stubs', () => {
    expect(check(scratch)).toEqual({ ok: true, output: expect.stringContaining('up to date') });
  });

  it('fails when a generated file was edited by hand', () => {
    appendFileSync(path.join(scratch, 'clarifai/api/resources.pb.ts'), '\n// hand edit\n');
    const result = check(scratch);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('resources.pb.ts');
  });
});
