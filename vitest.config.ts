import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs no database and runs once; `db` opens one per file and runs on PGlite and again on
// PostgreSQL (scripts/test.mjs). A new test file is a `db` test unless it is named here, so nothing that needs a
// database is ever run on one kind only.
const UNIT = [
  'src/platform/**/*.test.ts',
  'src/modules/*/rules.test.ts',
  'src/modules/*/seed-files.test.ts',
  'src/modules/calendar/notice.test.ts',
  'src/modules/ledger/{cli,seeds,units}.test.ts',
  'src/modules/workflow/engine.test.ts',
  'test/platform/{chains,cli,errors}.test.ts',
];
const ALL = ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'];

export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Each test file opens its own database; PGlite start-up dominates, so keep files in parallel but bounded.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'db', include: ALL, exclude: [...UNIT, 'test/e2e/**', 'node_modules/**'] } },
    ],
  },
});
