import { Alert, type FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, fieldMessage, type ApiError } from '../api.js';
import { useI18n } from '../i18n.js';

/**
 * Holds the last API error of a form and places it: on the field it names (`details.field`, or a validation
 * issue's field) as that field's error — so it is announced and marked aria-invalid — or above the form when
 * it names none. The text follows the language switch, and a field's message goes away once it is edited.
 */
export function useServerErrors<T>(form: FormInstance<T>, formFields: readonly string[]) {
  const { lang } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const placed = useRef<string[]>([]);

  const fail = useCallback((err: unknown) => {
    setError(asApiError(err));
    setEdited(new Set());
  }, []);
  const clear = useCallback(() => setError(null), []);

  const fieldKey = formFields.join('|');
  useEffect(() => {
    const known = fieldKey.split('|');
    const issues = error?.fields.filter((f) => known.includes(f.field) && !edited.has(f.field)) ?? [];
    const now = issues.map((f) => f.field);
    const stale = placed.current.filter((name) => !now.includes(name) && !edited.has(name));
    placed.current = now;
    // Field names are plain strings of this form; antd types them per form value shape.
    const fields = [
      ...issues.map((f) => ({ name: f.field, errors: [fieldMessage(error!, f, lang)] })),
      ...stale.map((name) => ({ name, errors: [] as string[] })),
    ] as Parameters<FormInstance<T>['setFields']>[0];
    if (fields.length) form.setFields(fields);
  }, [error, edited, lang, form, fieldKey]);

  // Messages of the form's own rules are re-run so they too switch language.
  const firstLang = useRef(lang);
  useEffect(() => {
    if (firstLang.current === lang) return;
    firstLang.current = lang;
    const shown = form.getFieldsError().filter((f) => f.errors.length && !placed.current.includes(String(f.name[0]))).map((f) => f.name);
    if (shown.length) form.validateFields(shown as never).catch(() => {});
  }, [lang, form]);

  const onValuesChange = (changed: object) => {
    const names = Object.keys(changed);
    if (names.some((n) => placed.current.includes(n))) setEdited((s) => new Set([...s, ...names]));
  };

  const placedOnField = !!error && error.fields.some((f) => formFields.includes(f.field));
  const alert =
    error && !placedOnField ? (
      <Alert type="error" showIcon role="alert" title={error.text(lang)} style={{ marginBottom: 16 }} data-error-code={error.code} />
    ) : null;

  return { error, fail, clear, onValuesChange, alert };
}
