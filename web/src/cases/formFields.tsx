import { Alert, Form, Input, InputNumber, type FormInstance } from 'antd';
import './cases.css';
import { useCallback, useEffect, useState } from 'react';
import { asApiError, type ApiError } from '../api.js';
import { hasMessage, useI18n, type Lang, type MessageKey } from '../i18n.js';
import type { FormField } from './caseApi.js';

/** antd's path for a field the server names `form.name` or `applicant.idNumber`. */
const pathOf = (field: string) => field.split('.');

/** The server's form problems (`details.fields[].problem`) in words, in the current language. */
function problemText(err: ApiError, issue: { field: string; problem?: string }, lang: Lang, t: (k: MessageKey) => string): string {
  if (issue.problem) {
    const key = `cs.problem.${issue.problem}`;
    return hasMessage(key) ? t(key) : t('error.fieldInvalid');
  }
  return err.text(lang);
}

/**
 * The last API error of an application form, placed on the fields it names (form fields and the applicant's
 * details), re-worded when the language switches; anything else shows above the form.
 */
export function useCaseErrors(form: FormInstance, names: readonly string[] = []) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const issues = (() => {
    if (!error) return [];
    const d = error.details as { field?: unknown; fields?: unknown } | undefined;
    if (d && typeof d.field === 'string') return [{ field: d.field }];
    if (d && Array.isArray(d.fields)) return (d.fields as { field?: unknown; problem?: unknown }[]).filter((f) => typeof f.field === 'string').map((f) => ({ field: f.field as string, problem: typeof f.problem === 'string' ? f.problem : undefined }));
    return [];
  })();
  const placeable = issues.filter((i) => i.field.startsWith('form.') || i.field.startsWith('applicant.') || names.includes(i.field));
  useEffect(() => {
    if (!error || !placeable.length) return;
    form.setFields(placeable.map((i) => ({ name: pathOf(i.field), errors: [problemText(error, i, lang, t)] })));
    // Placing is keyed on the error and the language; the issue list is derived from them.
  }, [error, lang]);
  const fail = useCallback((err: unknown) => setError(asApiError(err)), []);
  const clear = useCallback(() => setError(null), []);
  const alert = error && !placeable.length ? (
    <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} data-error-code={error.code} title={error.text(lang)} />
  ) : null;
  return { error, fail, clear, alert };
}

/** Client-side checks only for what the server also checks; the server's answer is the authority. */
function rulesOf(f: FormField, t: (k: MessageKey, v?: Record<string, string | number>) => string, lang: Lang) {
  const label = f.label[lang];
  const rules: object[] = [];
  if (f.required) rules.push({ required: true, message: t(f.type === 'select' ? 'common.requiredSelect' : 'common.required', { field: label }) });
  if (f.pattern) rules.push({ pattern: new RegExp(f.pattern, 'u'), message: t('cs.problem.pattern') });
  return rules;
}

/** One item's application form, rendered from its FormSchema; values live under `form.<key>`. */
export function FormSchemaFields({ fields }: { fields: readonly FormField[] }) {
  const { t, lang } = useI18n();
  return (
    <div className="tb-grid-2">
      {fields.map((f) => {
        const name = ['form', f.key];
        const label = f.label[lang];
        const common = { name, label, rules: rulesOf(f, t, lang) };
        switch (f.type) {
          case 'number':
            return (
              <Form.Item key={f.key} {...common}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            );
          case 'select':
            // A native select: antd's leaves an unnamed listbox behind once opened, which screen readers meet.
            return (
              <Form.Item key={f.key} {...common}>
                <select className="tb-native-select tb-native-block">
                  <option value="">{t('cs.chooseOne')}</option>
                  {(f.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label[lang]}</option>)}
                </select>
              </Form.Item>
            );
          case 'date':
            return (
              <Form.Item key={f.key} {...common}>
                <Input type="date" />
              </Form.Item>
            );
          case 'address':
            return (
              <Form.Item key={f.key} {...common}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>
            );
          case 'phone':
            return (
              <Form.Item key={f.key} {...common}>
                <Input type="tel" autoComplete="tel" />
              </Form.Item>
            );
          default:
            return (
              <Form.Item key={f.key} {...common}>
                <Input />
              </Form.Item>
            );
        }
      })}
    </div>
  );
}

/** Form values as the API wants them: empty answers left out, so an optional field is not sent blank. */
export function formData(values: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}
