import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewaySender, smsSenderFromEnv } from './sms.js';

describe('the generic SMS sender', () => {
  it('writes each message as one JSON line to the outbox the environment names', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tongban-sms-')), 'outbox.jsonl');
    const sender = smsSenderFromEnv({ TONGBAN_SMS_OUTBOX: path });
    await sender!.send('13900000001', '验证码 123456');
    await sender!.send('13900000002', '验证码 654321');
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.to, l.text])).toEqual([['13900000001', '验证码 123456'], ['13900000002', '验证码 654321']]);
    expect(smsSenderFromEnv({})).toBeNull();
  });

  it('posts to a gateway and fails when the gateway does not take the message', async () => {
    const received: unknown[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`;
    try {
      const m = await gatewaySender(url).send('13900000001', 'hello');
      expect(received).toEqual([{ id: m.id, to: '13900000001', text: 'hello' }]);
      status = 503;
      await expect(gatewaySender(url).send('13900000001', 'again')).rejects.toThrow(/503/);
    } finally {
      server.close();
    }
  });
});
