import { List, Tag } from 'antd';
import type { Static } from 'typebox';
import type { TaskDetailView } from '../../../src/modules/ledger/contract.js';
import { useI18n } from '../i18n.js';

type TaskDetail = Static<typeof TaskDetailView>;

/** Reports already filed on the task, newest period first, by any of its units. */
export function ReportHistory({ task, history }: { task: Pick<TaskDetail, 'leadUnits' | 'responsibleUnits' | 'targets'>; history: TaskDetail['history'] }) {
  const { t } = useI18n();
  const unitName = new Map([...task.leadUnits, ...task.responsibleUnits].map((u) => [u.unitId, u.name]));
  const target = new Map(task.targets.map((g) => [g.id, g]));
  const rows = [...history].sort((a, b) => b.period.localeCompare(a.period) || b.reportedOn.localeCompare(a.reportedOn));
  if (rows.length === 0) return <p>{t('lu.noHistory')}</p>;
  return (
    <List
      dataSource={rows}
      data-testid="report-history"
      renderItem={(r) => (
        <List.Item key={r.id} style={{ display: 'block' }} data-testid="report-entry">
          <p style={{ margin: 0 }}>
            <strong>{r.period}</strong> · {unitName.get(r.unitId) ?? r.unitId} · {t('lh.reportedOn')} {r.reportedOn}
            {r.completed && <Tag className="tb-tag-ok" style={{ marginInlineStart: 8 }}>{t('lh.completed')}</Tag>}
          </p>
          <p style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{r.text}</p>
          {r.figures.length > 0 && (
            <p style={{ margin: 0 }}>
              {t('lh.figures')}:{r.figures.map((f) => { const g = target.get(f.targetId); return g ? `${g.metric} ${f.value}${g.unit}` : String(f.value); }).join(';')}
            </p>
          )}
          {r.attachments.length > 0 && (
            <p style={{ margin: 0 }}>
              {t('lh.attachments')}:{r.attachments.map((a, i) => <a key={i} href={a.url} target="_blank" rel="noreferrer noopener" style={{ marginInlineEnd: 8 }}>{a.name}</a>)}
            </p>
          )}
        </List.Item>
      )}
    />
  );
}
