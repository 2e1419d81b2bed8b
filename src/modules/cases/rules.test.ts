import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardFromInstants, yellowLeadDays } from '../calendar/index.js';
import {
  acceptanceCheck,
  allowedActions,
  CASE_STATES,
  check,
  correctionRepeatRefused,
  FINAL_STATES,
  GUARDED_ACTIONS,
  nextState,
  sniffMime,
  validateForm,
  type CaseFacts,
  type FormSchemaLike,
  type Relation,
} from './rules.js';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  state: 'submitted',
  currentStep: null,
  stepCount: 2,
  pledgeAllowed: false,
  pendingDeficiencies: 0,
  openVerification: false,
  hasPledge: false,
  ...over,
});
const rel = (...r: Relation[]) => new Set<Relation>(r);

describe('state machine', () => {
  it('walks apply → accept → pass → conclude → deliver', () => {
    let f = facts();
    expect(check(f, 'accept', rel('hall_clerk'))).toBeNull();
    f = { ...f, state: nextState(f, 'accept'), currentStep: 0 };
    expect(f.state).toBe('in_steps');
    expect(check(f, 'pass_step', rel('step_actor'))).toBeNull();
    expect(check(f, 'conclude', rel('step_actor'), { decision: 'approve' })).toMatchObject({ code: 'CASE_NOT_LAST_STEP' });
    f = { ...f, currentStep: 1 };
    expect(check(f, 'pass_step', rel('step_actor'))).toMatchObject({ code: 'CASE_LAST_STEP' });
    expect(check(f, 'conclude', rel('step_actor'), { decision: 'approve' })).toBeNull();
    f = { ...f, state: nextState(f, 'conclude', { decision: 'approve' }) };
    expect(f.state).toBe('concluded_approved');
    expect(nextState(f, 'deliver')).toBe('delivered');
  });

  it('says 409 for a stale button before it says 403 for a wrong role', () => {
    expect(check(facts({ state: 'rejected' }), 'accept', rel('owner'))).toMatchObject({ code: 'CASE_STATE_CONFLICT' });
    expect(check(facts(), 'accept', rel('owner'))).toMatchObject({ code: 'CASE_ACTION_FORBIDDEN' });
    expect(check(facts(), 'accept', rel('supervisor', 'admin'))).toMatchObject({ code: 'CASE_ACTION_FORBIDDEN' });
  });

  it('pauses for corrections after acceptance and special procedures, and resumes in steps', () => {
    const f = facts({ state: 'in_steps', currentStep: 0 });
    expect(nextState(f, 'request_correction')).toBe('step_correction');
    expect(nextState({ ...f, state: 'step_correction' }, 'resubmit')).toBe('in_steps');
    expect(nextState(facts(), 'request_correction')).toBe('correction_requested');
    expect(nextState({ ...f, state: 'correction_requested' }, 'resubmit')).toBe('submitted');
    expect(nextState(f, 'start_special_procedure')).toBe('special_procedure');
    expect(nextState({ ...f, state: 'special_procedure' }, 'end_special_procedure')).toBe('in_steps');
  });

  it('returns only to an earlier step', () => {
    const f = facts({ state: 'in_steps', currentStep: 1 });
    expect(check(f, 'return_step', rel('step_actor'), { toStep: 0 })).toBeNull();
    expect(check(f, 'return_step', rel('step_actor'), { toStep: 1 })).toMatchObject({ code: 'CASE_RETURN_TARGET_INVALID' });
    expect(check({ ...f, currentStep: 0 }, 'return_step', rel('step_actor'), { toStep: 0 })).not.toBeNull();
  });

  it('needs the pledge flag for 告知承诺 and every 容缺 material before approval', () => {
    expect(check(facts(), 'pledge', rel('hall_clerk'))).toMatchObject({ code: 'CASE_PLEDGE_NOT_ALLOWED' });
    expect(check(facts({ pledgeAllowed: true }), 'pledge', rel('hall_clerk'))).toBeNull();
    const last = facts({ state: 'in_steps', currentStep: 1, pendingDeficiencies: 1 });
    expect(check(last, 'conclude', rel('step_actor'), { decision: 'approve' })).toMatchObject({ code: 'CASE_DEFICIENCIES_PENDING' });
    expect(check(last, 'conclude', rel('step_actor'), { decision: 'deny' })).toBeNull();
    const concluded = facts({ state: 'concluded_approved', hasPledge: true, openVerification: true });
    expect(check(concluded, 'revoke', rel('department_staff'))).toBeNull();
    expect(check({ ...concluded, openVerification: false }, 'revoke', rel('department_staff'))).toMatchObject({ code: 'CASE_NO_VERIFICATION' });
  });

  it('offers nothing in a final state except the pledge check on a delivered case, and nothing to supervisors', () => {
    const all = rel('owner', 'hall_clerk', 'step_actor', 'department_staff');
    fc.assert(
      fc.property(fc.constantFrom(...CASE_STATES), fc.integer({ min: 0, max: 3 }), fc.boolean(), (state, step, pledge) => {
        const f = facts({ state, currentStep: step, stepCount: 4, hasPledge: pledge, openVerification: pledge });
        const actions = allowedActions(f, all);
        if ((FINAL_STATES as readonly string[]).includes(state)) {
          expect(actions.every((a) => a === 'verify_pledge' || a === 'revoke')).toBe(true);
        }
        for (const a of actions) expect(CASE_STATES).toContain(nextState(f, a, { decision: 'approve' }));
        expect(allowedActions(f, rel('supervisor', 'admin'))).toEqual([]);
      }),
    );
  });

  it('never lets a random sequence of allowed actions leave the declared states or skip steps', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...GUARDED_ACTIONS), { maxLength: 40 }), (seq) => {
        let f = facts({ pledgeAllowed: true });
        const all = rel('owner', 'hall_clerk', 'step_actor', 'department_staff');
        for (const a of seq) {
          const opts = { decision: 'approve' as const, toStep: 0 };
          if (check(f, a, all, opts) !== null) continue;
          const to = nextState(f, a, opts);
          let step = f.currentStep;
          if (a === 'accept' || a === 'accept_with_deficiency') step = 0;
          if (a === 'pass_step') step = (step ?? 0) + 1;
          if (a === 'return_step') step = 0;
          expect(step === null || step < f.stepCount).toBe(true);
          f = { ...f, state: to, currentStep: step, hasPledge: f.hasPledge || a === 'pledge', openVerification: a === 'pledge' ? true : a === 'verify_pledge' || a === 'revoke' ? false : f.openVerification };
        }
        expect(CASE_STATES).toContain(f.state);
      }),
    );
  });
});

describe('form data', () => {
  const form: FormSchemaLike = {
    fields: [
      { key: 'name', label: { zh: '姓名', en: 'Name' }, type: 'text', required: true },
      { key: 'idNumber', label: { zh: '身份证号', en: 'ID' }, type: 'idNumber', required: true },
      { key: 'creditCode', label: { zh: '信用代码', en: 'Credit code' }, type: 'creditCode', required: false },
      { key: 'kind', label: { zh: '类型', en: 'Kind' }, type: 'select', required: true, options: [{ value: 'llc' }, { value: 'jsc' }] },
      { key: 'capital', label: { zh: '注册资本', en: 'Capital' }, type: 'number', required: false },
      { key: 'start', label: { zh: '开始日期', en: 'Start' }, type: 'date', required: false },
      { key: 'phone', label: { zh: '电话', en: 'Phone' }, type: 'phone', required: false },
      { key: 'postcode', label: { zh: '邮编', en: 'Postcode' }, type: 'text', required: false, pattern: '^\\d{6}$' },
    ],
  };
  const good = { name: '张三', idNumber: '421202199001011232', kind: 'llc' };

  it('accepts good data', () => {
    expect(validateForm(form, { ...good, creditCode: '91440300708461136T', capital: 100, start: '2026-02-28', phone: '0715-8123456', postcode: '437000' })).toEqual([]);
  });

  it('names every bad field', () => {
    const problems = validateForm(form, {
      idNumber: '421202199001011233',
      creditCode: '91440300708461136U',
      kind: 'plc',
      capital: '100',
      start: '2026-02-30',
      phone: '12345',
      postcode: '43700',
      extra: 1,
    });
    expect(Object.fromEntries(problems.map((p) => [p.field, p.problem]))).toEqual({
      extra: 'unknown',
      name: 'missing',
      idNumber: 'checkDigit',
      creditCode: 'checkCharacter',
      kind: 'option',
      capital: 'type',
      start: 'format',
      phone: 'format',
      postcode: 'pattern',
    });
  });

  it('finds every single-digit change of an ID number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 14, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, shift) => {
        const id = good.idNumber;
        const altered = id.slice(0, pos) + String((Number(id[pos]) + shift) % 10) + id.slice(pos + 1);
        expect(validateForm(form, { ...good, idNumber: altered }).map((p) => p.field)).toEqual(['idNumber']);
      }),
    );
  });
});

describe('materials and clock', () => {
  const reqs = [
    { name: '申请书', required: true, deficiencyAllowed: false },
    { name: '场地证明', required: true, deficiencyAllowed: true },
    { name: '其他', required: false, deficiencyAllowed: false },
  ];

  it('tells blocking from 容缺-able missing materials', () => {
    expect(acceptanceCheck(reqs, [{ requirement: 0, provided: true, review: 'ok' }])).toEqual({ missing: [1], blocking: [], unreviewed: [] });
    expect(acceptanceCheck(reqs, [{ requirement: 0, provided: true, review: 'faulty' }, { requirement: 1, provided: true, review: 'pending' }])).toEqual({
      missing: [0],
      blocking: [0],
      unreviewed: [1],
    });
  });

  it('refuses a repeated correction of an unchanged material only', () => {
    expect(correctionRepeatRefused(undefined, { fileHash: 'a' })).toBe(false);
    expect(correctionRepeatRefused({ fileHash: 'a' }, { fileHash: 'a' })).toBe(true);
    expect(correctionRepeatRefused({ fileHash: 'a' }, { fileHash: 'b' })).toBe(false);
  });

  it('sniffs types by content, not by name', () => {
    expect(sniffMime(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffMime(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffMime(Buffer.from('MZ\x90\x00 an exe named x.pdf'))).toBeNull();
    const zip = Buffer.alloc(40);
    zip.set([0x50, 0x4b, 0x03, 0x04]);
    zip.writeUInt16LE(7, 26);
    zip.write('OFD.xml', 30, 'latin1');
    expect(sniffMime(zip)).toBe('application/ofd');
    zip.write('foo.xml', 30, 'latin1');
    expect(sniffMime(zip)).toBeNull();
  });

  it('derives cards from the stored instants', () => {
    const due = new Date('2026-03-10T09:30:00Z');
    const yellow = new Date('2026-03-09T09:30:00Z');
    expect(cardFromInstants(new Date('2026-03-01T00:00:00Z'), due, yellow)).toBe('green');
    expect(cardFromInstants(yellow, due, yellow)).toBe('yellow');
    expect(cardFromInstants(new Date('2026-03-10T09:30:01Z'), due, yellow)).toBe('red');
    expect(cardFromInstants(new Date(), null, null)).toBeNull();
    expect(yellowLeadDays(20)).toBe(4);
    expect(yellowLeadDays(3)).toBe(1);
  });
});
