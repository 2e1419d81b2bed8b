/** Brings cases of the test catalog to the stage a rating test needs, through HTTP with real logins. */
import { expect } from 'vitest';
import type { Client } from '../cases/testing.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

export async function upload(c: Client): Promise<string> {
  const boundary = '----tongbanRatingTest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from(Math.random().toString()),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export interface Actors {
  clerk: Client;
  approver: Client;
}

/** The applicant files online (or the clerk at the window for the demo person 张三). */
export async function file(by: Client, itemId: string, window = false): Promise<{ id: string; number: string }> {
  const materials = [{ requirement: 0, fileId: await upload(by) }, { requirement: 1, fileId: await upload(by) }];
  const body = window
    ? { itemId, channel: 'window', form: { name: '张三的小店', kind: 'a' }, applicant: { kind: 'person', name: '张三', idNumber: '421202199001011232', mobile: '13900000001' }, materials }
    : { itemId, channel: 'online', form: { name: '张三的小店', kind: 'a' }, materials };
  const res = await by.post('/api/v1/cases', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function accept(a: Actors, caseId: string): Promise<string> {
  const res = await a.clerk.post(`/api/v1/cases/${caseId}/accept`, {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json().documentId;
}

export async function conclude(a: Actors, caseId: string): Promise<string> {
  const pass = await a.approver.post(`/api/v1/cases/${caseId}/steps/pass`, { step: 0, opinion: '材料齐全' });
  expect(pass.statusCode, pass.body).toBe(200);
  const done = await a.approver.post(`/api/v1/cases/${caseId}/conclude`, { step: 1, decision: 'approve', text: '经审查,准予许可。' });
  expect(done.statusCode, done.body).toBe(200);
  return done.json().documentId;
}

export function expectError(res: { statusCode: number; body: string; json(): any }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messageEn).toMatch(/[A-Za-z]/);
  return body;
}
