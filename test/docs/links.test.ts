/** Every relative link and anchor in the project's Markdown files resolves. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { anchorsOf, brokenLinks, headingAnchor, relativeLinks } from './markdown-links';

const root = path.resolve(__dirname, '../..');

function markdownFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: root, encoding: 'utf8' });
  return tracked
    .split('\n')
    .filter((file) => file !== '' && !file.startsWith('node_modules/'));
}

test('every relative link and anchor in the Markdown files resolves', () => {
  const files = markdownFiles();
  expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/client.md']));
  expect(files.flatMap((file) => brokenLinks(root, file))).toEqual([]);
});

test('anchors follow GitHub: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
  expect(headingAnchor('Deadlines and cancellation')).toBe('deadlines-and-cancellation');
  expect(headingAnchor('The client: `InputsClient`')).toBe('the-client-inputsclient');
  expect([...anchorsOf('# A\n## Options\n```\n## Not a heading\n```\n### Options\n## Use `maxBatchBytes` here\n')]).toEqual(['a', 'options', 'options-1', 'use-maxbatchbytes-here']);
  expect(relativeLinks('[a](docs/x.md#y) [b](https://e.com) `[c](not/a/link.md)` [d](#top)')).toEqual(['docs/x.md#y', '#top']);
});

test('a missing file or anchor is reported with the file and the link', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'links-'));
  mkdirSync(path.join(dir, 'docs'));
  writeFileSync(path.join(dir, 'docs/a.md'), '# A\n## Here\n');
  writeFileSync(path.join(dir, 'README.md'), '[ok](docs/a.md#here) [gone](docs/b.md) [bad](docs/a.md#there) [self](#nowhere)\n# Top\n');
  expect(brokenLinks(dir, 'README.md')).toEqual([
    'README.md: docs/b.md: no such file',
    'README.md: docs/a.md#there: no heading with this anchor',
    'README.md: #nowhere: no heading with this anchor',
  ]);
});
