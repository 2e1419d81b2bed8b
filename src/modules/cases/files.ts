import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../platform/errors.js';
import { sniffMime, type AllowedMime } from './rules.js';
import './errors.js';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CASE_BYTES = 100 * 1024 * 1024;

export interface StoredBlob {
  sha256: string;
  size: number;
  mime: AllowedMime;
}

export function filesRoot(dataDir: string): string {
  return join(dataDir, 'files');
}

export function blobPath(dataDir: string, sha256: string): string {
  return join(filesRoot(dataDir), sha256.slice(0, 2), sha256);
}

/**
 * Stores a file by its SHA-256: the same content is kept once however often it is uploaded. Written to a
 * temporary name and renamed, so a crash never leaves a half file under a content name.
 */
export function storeBlob(dataDir: string, content: Buffer): StoredBlob {
  if (content.length === 0) throw new AppError('CASE_FILE_MISSING');
  if (content.length > MAX_FILE_BYTES) throw new AppError('CASE_FILE_TOO_LARGE', { maxBytes: MAX_FILE_BYTES });
  const mime = sniffMime(content.subarray(0, 512));
  if (!mime) throw new AppError('CASE_FILE_TYPE_NOT_ALLOWED');
  const sha256 = createHash('sha256').update(content).digest('hex');
  const path = blobPath(dataDir, sha256);
  if (!existsSync(path)) {
    mkdirSync(join(filesRoot(dataDir), sha256.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, content, { mode: 0o640 });
    renameSync(tmp, path);
  }
  return { sha256, size: content.length, mime };
}

export function readBlob(dataDir: string, sha256: string): Promise<Buffer> {
  return readFile(blobPath(dataDir, sha256));
}
