import { Alert } from 'antd';
import { useCallback, useState } from 'react';
import { asApiError, fieldMessage, type ApiError } from '../api.js';
import { useI18n } from '../i18n.js';

/**
 * Holds the last API error of a form and places it: next to the field it names (`details.field` or a
 * validation issue's field), or above the form when it names none. The text follows the language switch,
 * and a field's message goes away once the user edits that field.
 */
export function useServerErrors(formFields: readonly string[]) {
  const { lang } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());

  const fail = useCallback((err: unknown) => {
    setError(asApiError(err));
    setEdited(new Set());
  }, []);
  const clear = useCallback(() => setError(null), []);

  const issues = error?.fields.filter((f) => formFields.includes(f.field) && !edited.has(f.field)) ?? [];

  const itemProps = (name: string): { validateStatus?: 'error'; help?: string } => {
    const issue = issues.find((f) => f.field === name);
    return issue && error ? { validateStatus: 'error', help: fieldMessage(error, issue, lang) } : {};
  };

  const onValuesChange = (changed: Record<string, unknown>) => {
    const names = Object.keys(changed);
    if (error && names.some((n) => issues.some((f) => f.field === n))) setEdited((s) => new Set([...s, ...names]));
  };

  const placedOnField = !!error && error.fields.some((f) => formFields.includes(f.field));
  const alert =
    error && !placedOnField ? (
      <Alert type="error" showIcon role="alert" title={error.text(lang)} style={{ marginBottom: 16 }} data-error-code={error.code} />
    ) : null;

  return { error, fail, clear, itemProps, onValuesChange, alert };
}
