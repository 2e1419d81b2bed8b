import { App as AntApp, Alert, Form } from 'antd';
import { cloneElement, createContext, useContext, useState, type ReactElement } from 'react';
import { asApiError, errorMessage } from '../../api.js';
import { translate, useI18n, type MessageKey } from '../../i18n.js';

/** A problem the catalog names by the path of its field (`materials[1].licenceType`), in both languages. */
export interface Problem {
  field: string;
  zh: string;
  en: string;
}

const RULES = ['required', 'minLength', 'maxLength', 'pattern', 'minItems'];

/** `materials.0.name` (a schema validation path) as the editor names it: `materials[0].name`. */
const editorPath = (field: string) => field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

/**
 * The problems of a refused save or publish, by field: CATALOG_ITEM_INVALID and BUNDLE_INVALID carry them in
 * `details.problems`; a request the schema refuses (VALIDATION_FAILED) names its fields and the rule each broke.
 */
export function problemsOf(err: unknown): Problem[] {
  const d = asApiError(err).details as { problems?: unknown; fields?: unknown } | undefined;
  if (d && Array.isArray(d.problems)) return d.problems.filter((p): p is Problem => !!p && typeof p.field === 'string');
  if (d && Array.isArray(d.fields)) {
    return d.fields
      .filter((f): f is { field: string; rule?: string } => !!f && typeof f.field === 'string')
      .map((f) => {
        const key = `catalog.rule.${f.rule && RULES.includes(f.rule) ? f.rule : 'other'}` as MessageKey;
        return { field: editorPath(f.field), zh: translate('zh', key), en: translate('en', key) };
      });
  }
  return [];
}

export const ProblemsContext = createContext<Problem[]>([]);

/**
 * A labelled control of the item editor; a problem the server names for this path is shown under it, announced,
 * and marks the control aria-invalid.
 */
export function Field({ path, label, extra, children }: { path: string; label: string; extra?: string; children: ReactElement<Record<string, unknown>> }) {
  const { lang } = useI18n();
  const problems = useContext(ProblemsContext).filter((p) => p.field === path);
  const id = `item-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
  const helpId = `${id}-help`;
  const message = problems.map((p) => p[lang]).join(';');
  return (
    <Form.Item
      label={label}
      htmlFor={id}
      validateStatus={problems.length ? 'error' : undefined}
      help={message ? <span id={helpId} role="alert">{message}</span> : undefined}
      extra={extra}
      style={{ marginBottom: 12 }}
    >
      {cloneElement(children, { id, 'aria-invalid': problems.length ? true : undefined, 'aria-describedby': message ? helpId : undefined })}
    </Form.Item>
  );
}

/** Every problem of the last refusal, with the field it concerns, above the editor. */
export function ProblemList({ title }: { title: string }) {
  const { lang } = useI18n();
  const problems = useContext(ProblemsContext);
  if (!problems.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={title}
      description={
        <ul data-testid="item-problems" style={{ margin: 0, paddingLeft: 18 }}>
          {problems.map((p, i) => (
            <li key={i}><code>{p.field}</code>:{p[lang]}</li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * Runs a save or a publication of an editor (items and bundles alike): busy while it runs, a message when it ends,
 * and a refusal's problems kept for the fields they name. `act` answers whether it went through.
 */
export function useEditorAction(reload: () => void) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true);
    setProblems([]);
    try {
      await fn();
      void message.success(t(done));
      reload();
      return true;
    } catch (err) {
      setProblems(problemsOf(err));
      void message.error(errorMessage(err, lang));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { problems, busy, act };
}
