// Searches text for an API key without ever printing it.
//   node chaos/grep-key.mjs <key> [file...]     (no files: reads stdin)
// e.g.  .ci/run 2>&1 | tee ci.log; node chaos/grep-key.mjs "$KEY" ci.log
// Prints where the key appears (file:line) and exits 1, or exits 0 when it appears nowhere.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Line numbers (1-based) of `text` that contain `key`. */
export function findKey(key, text) {
  if (key === '') throw new Error('grep-key: the key is empty');
  return text.split('\n').flatMap((line, i) => (line.includes(key) ? [i + 1] : []));
}

async function main() {
  const [key, ...files] = process.argv.slice(2);
  if (key === undefined) {
    console.error('usage: node chaos/grep-key.mjs <key> [file...]');
    process.exit(2);
  }
  const sources = files.length > 0 ? files.map((file) => [file, readFileSync(file, 'utf8')]) : [['<stdin>', readFileSync(0, 'utf8')]];
  let found = 0;
  for (const [name, text] of sources) {
    for (const line of findKey(key, text)) {
      console.log(`${name}:${line}: contains the key`);
      found++;
    }
  }
  console.log(found === 0 ? `the key appears nowhere in ${sources.length} input(s)` : `the key appears ${found} time(s)`);
  process.exitCode = found === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
