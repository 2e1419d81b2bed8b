import { Alert, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { asApiError, type ApiError } from '../api.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { useSession } from '../session.js';
import type { ImportProblem } from './api.js';

export const classLabel = (cls: string): MessageKey => `in.class.${cls}` as MessageKey;
export const outcomeLabel = (o: string): MessageKey => `in.outcome.${o}` as MessageKey;


export function OutcomeTag({ outcome }: { outcome: string | null }) {
  const { t } = useI18n();
  if (!outcome) return <Tag>{t('in.task.open')}</Tag>;
  return <Tag data-outcome={outcome}>{t(outcomeLabel(outcome))}</Tag>;
}

/** The region the staff member works in, which they may change to a region under it. */
export function useRegion(): [string, (r: string) => void] {
  const { user } = useSession();
  const [region, setRegion] = useState<string>(user?.regionCode ?? '');
  return [region, setRegion];
}

export function RegionPicker({ value, onChange }: { value: string; onChange: (r: string) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(value);
  return (
    <div className="tb-toolbar" style={{ marginBottom: 12 }}>
      <label htmlFor="in-region">{t('in.region')}</label>
      <Input.Search id="in-region" style={{ width: 220 }} value={draft} onChange={(e) => setDraft(e.target.value)} onSearch={(v) => /^\d{6,12}$/.test(v) && onChange(v)} enterButton={t('in.show')} />
    </div>
  );
}

/** A refused import: the coded message and, when the server listed them, every problem by row and field. */
export function ImportFailure({ error }: { error: ApiError | unknown }) {
  const { t, lang } = useI18n();
  const e = asApiError(error);
  const d = e.details as { problems?: ImportProblem[]; problemCount?: number } | undefined;
  const problems = Array.isArray(d?.problems) ? d!.problems : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="import-failure"
      data-error-code={e.code}
      title={e.text(lang)}
      description={
        problems.length ? (
          <>
            {(d?.problemCount ?? 0) > problems.length && <p>{t('in.import.more', { n: d!.problemCount!, shown: problems.length })}</p>}
            <Table<ImportProblem & { key: string }>
              data-testid="import-errors"
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: true }}
              dataSource={problems.map((p, i) => ({ ...p, key: `${p.row}-${p.field}-${i}` }))}
              columns={[
                { title: t('in.import.row'), dataIndex: 'row', key: 'row' },
                { title: t('in.import.field'), dataIndex: 'field', key: 'field' },
                { title: t('in.import.problem'), key: 'msg', render: (_, p) => p[lang] },
              ]}
            />
          </>
        ) : undefined
      }
    />
  );
}

/** A refused action's coded reason, above the form or list it concerns. */
export function FormError({ error }: { error: unknown }) {
  const { lang } = useI18n();
  const e = asApiError(error);
  return <Alert type="error" showIcon role="alert" title={e.text(lang)} data-error-code={e.code} style={{ margin: '12px 0' }} />;
}

/** A table's empty line in text dark enough for AA contrast (antd's placeholder grey is not). */
export const emptyText = (text: string) => <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{text}</span>;
