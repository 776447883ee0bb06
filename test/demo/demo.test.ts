/** `make demo` runs the built walkthrough; this runs the same thing and reads what it printed. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { collect } from '../support/cli-process';

const DEMO = path.resolve(__dirname, '../../dist/cjs/demo/main.js');

it('walks through every documented flow against the emulator and exits 0', async () => {
  if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run \`make build\` first`);
  const child = spawn(process.execPath, [DEMO], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CLARIFAI_PAT: '' } });
  const run = await collect(child, 60_000);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const steps = [...run.stdout.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1]);
  expect(steps).toEqual([
    'Add an image by URL',
    'Add an image by bytes',
    'Add several inputs with your own ids, in one call',
    'Add an input with concepts (a string means value 1; negativeConcepts are value 0)',
    'Add an input with metadata',
    'Add an input whose URL is broken (it is accepted, then fails in processing)',
    'Wait for processing of 7 inputs',
    'List inputs page by page (ListInputs, 3 per page)',
    'Stream inputs with the last_id cursor (StreamInputs), oldest first, then onward',
    'Count inputs by processing state',
    'Patch an input: merge a concept and metadata',
    'Delete inputs',
    'Bad input gets a clear error that names the input and the problem',
    'Summary',
  ]);
  expect(run.stdout).toMatch(/charlie: charlie=1, dog=0\n/);
  expect(run.stdout).toContain('metadata {"id":"id001","type":"animal","size":100}');
  expect(run.stdout).toMatch(/-broken +INPUT_FAILED \(HTTP 404/);
  expect(run.stdout).toContain('processed 6, to process 0, processing 0, errors 1');
  expect(run.stdout).toContain('ClarifaiValidationError: input #1');
  expect(run.stdout).toContain('1 added, 1 failed (MIXED_STATUS is a result)');
  expect(run.stdout).toMatch(/8 inputs added, 6 processed to INPUT_SUCCESS, 1 failed in processing as intended, 2 deleted/);
});
