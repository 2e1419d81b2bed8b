/**
 * A generic SMS sender for messages that are not case notices (one-time codes for 实名认证 and password reset).
 * Case notices keep their own durable queue (cases/sms.ts) because they must survive a gateway outage; a one-time
 * code is worthless minutes later, so it is sent at once and a failure is the caller's coded error.
 *
 * TONGBAN_SMS_OUTBOX appends each message as one JSON line to a file (tests and demos read the code there);
 * TONGBAN_SMS_URL posts `{ id, to, text }` to the same gateway contract as case notices.
 */
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

export interface SmsMessage {
  id: string;
  to: string;
  text: string;
  at: string;
}

export interface SmsSender {
  readonly name: string;
  send(to: string, text: string): Promise<SmsMessage>;
}

function message(to: string, text: string): SmsMessage {
  return { id: randomUUID(), to, text, at: new Date().toISOString() };
}

/** Appends to a file, one JSON object a line: the outbox tests and the demo read codes from. */
export function outboxSender(path: string): SmsSender {
  return {
    name: 'outbox',
    async send(to, text) {
      const m = message(to, text);
      await appendFile(path, `${JSON.stringify(m)}\n`, 'utf8');
      return m;
    },
  };
}

export function gatewaySender(url: string, timeoutMs = 5_000): SmsSender {
  return {
    name: 'gateway',
    async send(to, text) {
      const m = message(to, text);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: m.id, to, text }), signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
      return m;
    },
  };
}

/** The sender the environment names, or null when none is set (the features that need one then say so). */
export function smsSenderFromEnv(env: NodeJS.ProcessEnv = process.env): SmsSender | null {
  if (env.TONGBAN_SMS_OUTBOX) return outboxSender(env.TONGBAN_SMS_OUTBOX);
  if (env.TONGBAN_SMS_URL) return gatewaySender(env.TONGBAN_SMS_URL);
  return null;
}
