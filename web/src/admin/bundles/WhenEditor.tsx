import { Input, Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.js';
import { Field } from '../catalog/problems.js';
import type { Condition, Question, Test } from './types.js';

const OPS = ['equals', 'in', 'gt', 'gte', 'lt', 'lte'] as const;
type Op = (typeof OPS)[number];

const opOf = (test: Test): Op => OPS.find((op) => test[op] !== undefined) ?? 'equals';
const isTest = (c: Condition): c is Test => 'question' in c;

/** The value of a test in the type its question answers with. */
function parseValue(q: Question | undefined, op: Op, raw: string): Test[Op] {
  const one = (s: string): string | number => (q?.type === 'number' ? Number(s) : s);
  if (op === 'in') return raw.split(/[,,]/).map((s) => s.trim()).filter(Boolean).map(one);
  if (op !== 'equals') return Number(raw);
  if (q?.type === 'boolean') return raw === 'true';
  return one(raw);
}

/** The `when` of a stage item: always, one test on one answer, or a combined condition written as JSON. */
export function WhenEditor({ path, when, questions, onChange, required }: { path: string; when: Condition | undefined; questions: Question[]; onChange: (w: Condition | undefined) => void; required?: boolean }) {
  const { t, lang } = useI18n();
  const mode = !when ? 'always' : isTest(when) ? 'test' : 'json';
  const [jsonBad, setJsonBad] = useState(false);
  const first = questions[0];
  return (
    <div className="tb-grid-3">
      <Field path={path} label={t('bd.when')}>
        <Select
          value={mode}
          onChange={(m) => onChange(m === 'always' ? undefined : m === 'test' ? { question: first?.key ?? '', equals: first?.type === 'boolean' ? true : '' } : { all: [when && isTest(when) ? when : { question: first?.key ?? '', equals: true }] })}
          options={[...(required ? [] : [{ value: 'always', label: t('bd.when.always') }]), { value: 'test', label: t('bd.when.test') }, { value: 'json', label: t('bd.when.json') }]}
        />
      </Field>
      {when && isTest(when) && (() => {
        const q = questions.find((x) => x.key === when.question);
        const op = opOf(when);
        const value = when[op];
        const setTest = (question: string, nextOp: Op, v: Test[Op]) => onChange({ question, [nextOp]: v });
        const valueControl = op === 'equals' && q?.type === 'boolean' ? (
          <Select value={String(value)} onChange={(v) => setTest(when.question, op, v === 'true')} options={[{ value: 'true', label: t('bd.yes') }, { value: 'false', label: t('bd.no') }]} />
        ) : op === 'equals' && q?.type === 'choice' ? (
          <Select value={String(value ?? '')} onChange={(v) => setTest(when.question, op, v)} options={(q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }))} />
        ) : (
          <Input defaultValue={Array.isArray(value) ? value.join(',') : String(value ?? '')} onBlur={(e) => setTest(when.question, op, parseValue(q, op, e.target.value))} />
        );
        return (
          <>
            <Field path={`${path}.question`} label={t('bd.when.question')}>
              <Select value={when.question} onChange={(question) => setTest(question, op, value)} options={questions.map((x) => ({ value: x.key, label: `${x.text[lang]}(${x.key})` }))} />
            </Field>
            <div className="tb-grid-2">
              <Field path={`${path}.op`} label={t('bd.when.op')}>
                <Select value={op} onChange={(o) => setTest(when.question, o, o === 'in' ? [] : o === 'equals' ? (q?.type === 'boolean' ? true : '') : 0)} options={OPS.map((o) => ({ value: o, label: t(`bd.op.${o}`) }))} />
              </Field>
              <Field path={`${path}.${op}`} label={t('bd.when.value')} extra={op === 'in' ? t('bd.when.valueHelp') : undefined}>
                {valueControl}
              </Field>
            </div>
          </>
        );
      })()}
      {when && !isTest(when) && (
        <Field path={`${path}.json`} label={t('bd.when.json')} extra={jsonBad ? t('bd.when.jsonBad') : t('bd.when.jsonHelp')}>
          <Input.TextArea
            rows={3}
            lang="en"
            defaultValue={JSON.stringify(when)}
            onBlur={(e) => {
              try {
                onChange(JSON.parse(e.target.value) as Condition);
                setJsonBad(false);
              } catch {
                setJsonBad(true);
              }
            }}
          />
        </Field>
      )}
    </div>
  );
}

