import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Two projects. `built` holds the tests that run what `make build` produced (they name `dist/`
 * or start the built CLI through test/support/cli-process or cli-emulator-fixture); `source`
 * holds the rest, which need no build. `make test` builds before jest, so both run there;
 * without a build, run `npx jest --selectProjects source`. Which project a test is in is decided
 * by reading it, so a new test that starts the built CLI lands in `built` without editing this
 * file.
 */
const NEEDS_BUILD = /dist\/|support\/cli-(process|emulator-fixture)'/;

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(file);
    return entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

const built = testFiles(path.join(root, 'test')).filter((file) => NEEDS_BUILD.test(fs.readFileSync(file, 'utf8')));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
};

/** @type {import('jest').Config} */
export default {
  // A global option: jest ignores it inside a project.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'source', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...built.map((file) => `^${escape(file)}$`)] },
    { ...common, displayName: 'built', testMatch: built },
  ],
};
