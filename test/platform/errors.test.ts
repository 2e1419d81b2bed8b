import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../src/platform/errors.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('error catalog', () => {
  it('declares every code the sources throw, with Chinese and English text', async () => {
    const files = sourceFiles('src');
    // Every file that declares codes, not only errors.ts: the edge guards and the worker pool keep theirs beside them.
    for (const file of files.filter((f) => readFileSync(f, 'utf8').includes('defineErrors({'))) await import(join(process.cwd(), file));
    const thrown = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/new AppError\('([A-Z0-9_]+)'/g)) thrown.add(match[1]);
    }
    expect(thrown.size).toBeGreaterThan(10);
    const catalog = errorCatalog();
    const missing = [...thrown].filter((code) => !catalog.has(code));
    expect(missing).toEqual([]);
    for (const [code, text] of catalog) {
      expect(text.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en, code).toMatch(/^[A-Z]/);
      expect(text.status, code).toBeGreaterThanOrEqual(400);
    }
  });
});
