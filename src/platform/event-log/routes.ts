import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from 'typebox';
import { errorResponses } from '../contract.js';
import { AppError } from '../errors.js';
import type { App } from '../http.js';
import { checkpointDir, checkpointKey, listCheckpoints } from './checkpoint.js';
import './errors.js';

const tags = ['event-log'];
const NAME = '^checkpoint-\\d{8}-[0-9TZ]+\\.json$';

const FileBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the checkpoint (JSON)' });
const CheckpointFile = Type.Object({ name: Type.String(), seq: Type.Integer(), createdAt: Type.String(), size: Type.Integer() });

/**
 * The signed checkpoints for administrators: the list, each file to download (to keep a copy away from the
 * server), and the SM2 public key that verifies them.
 */
export default async function eventLogRoutes(app: App) {
  const dataDir = app.config.dataDir;
  const send = (name: string) => readFileSync(join(checkpointDir(dataDir), name));

  app.get('/api/v1/admin/checkpoints', {
    schema: { tags, summary: '检查点列表 Signed checkpoints of the chain heads, newest first', response: { 200: Type.Array(CheckpointFile), ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async () =>
    listCheckpoints(dataDir)
      .reverse()
      .map((name) => {
        const [, seq, at] = /^checkpoint-(\d{8})-(\d{8}T\d{6}Z)\.json$/.exec(name) ?? [];
        const createdAt = at ? `${at.slice(0, 4)}-${at.slice(4, 6)}-${at.slice(6, 11)}:${at.slice(11, 13)}:${at.slice(13, 15)}Z` : '';
        return { name, seq: Number(seq), createdAt, size: statSync(join(checkpointDir(dataDir), name)).size };
      }));

  app.get('/api/v1/admin/checkpoints/public-key', {
    schema: { tags, summary: '检查点公钥 The SM2 public key that verifies the checkpoints', response: { 200: Type.Object({ algorithm: Type.Literal('SM2-SM3'), publicKey: Type.String() }), ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async () => ({ algorithm: 'SM2-SM3' as const, publicKey: checkpointKey(dataDir).publicKey }));

  app.get('/api/v1/admin/checkpoints/latest', {
    schema: { tags, summary: '下载最新检查点 Download the latest checkpoint (JSON)', response: { 200: FileBody, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (_req, reply) => {
    const name = listCheckpoints(dataDir).at(-1);
    if (!name) throw new AppError('CHECKPOINT_NOT_FOUND');
    return reply.type('application/json').header('content-disposition', `attachment; filename="${name}"`).send(send(name));
  });

  app.get('/api/v1/admin/checkpoints/:name', {
    schema: { tags, summary: '下载检查点 Download one checkpoint (JSON)', params: Type.Object({ name: Type.String({ pattern: NAME }) }), response: { 200: FileBody, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => {
    const { name } = req.params as { name: string };
    if (!existsSync(join(checkpointDir(dataDir), name))) throw new AppError('CHECKPOINT_NOT_FOUND');
    return reply.type('application/json').header('content-disposition', `attachment; filename="${name}"`).send(send(name));
  });
}
