import { App as AntApp, Button, Card, Empty, Form, Input, List, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { OUTCOMES, myTasks, recordResult, type MyTask } from './api.js';
import { FormError, OutcomeTag, classLabel, outcomeLabel } from './parts.js';

function ResultForm({ task, onDone }: { task: MyTask; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = `in-result-${task.creditCode}`;
  const submit = async (v: { outcome: string; evidence: string }) => {
    setBusy(true);
    setError(null);
    try {
      await recordResult(task.drawId, task.creditCode, v);
      void message.success(t('in.task.recorded'));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form name={formId} layout="vertical" onFinish={submit} initialValues={{ outcome: task.outcome ?? undefined, evidence: task.evidence ?? '' }} style={{ marginTop: 8 }}>
      <Form.Item name="outcome" label={t('in.task.outcome')} rules={[{ required: true }]}>
        <Select data-testid="in-outcome" options={OUTCOMES.map((o) => ({ value: o, label: t(outcomeLabel(o)) }))} />
      </Form.Item>
      <Form.Item name="evidence" label={t('in.task.evidence')} rules={[{ required: true }]}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      {error ? <FormError error={error} /> : null}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="in-record">{t('in.task.record')}</Button>
    </Form>
  );
}

/** The inspector's list on a phone: each object drawn for them, the result form until the result is published. */
export default function MyTasks() {
  const { t, lang } = useI18n();
  const list = useLoad((signal) => myTasks(signal), []);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  return (
    <>
      <h1 className="tb-page-title">{t('in.tasks.title')}</h1>
      {list.data.length === 0 ? (
        <Empty description={t('in.tasks.empty')} />
      ) : (
        <List
          data-testid="in-my-tasks"
          dataSource={list.data}
          renderItem={(x) => (
            <List.Item key={`${x.drawId}-${x.creditCode}`}>
              <Card size="small" style={{ width: '100%' }} data-credit-code={x.creditCode} data-outcome={x.outcome ?? ''}
                title={<h2 className="tb-card-title">{x.subjectName}</h2>}
                extra={<OutcomeTag outcome={x.outcome} />}>
                <Space direction="vertical" size={2}>
                  <span>{t('in.creditCode')}:{x.creditCode}</span>
                  <span>{t('in.task.class')}:{t(classLabel(x.objectClass))}</span>
                  <span>{t('in.task.plan')}:{x.planName}({x.year})</span>
                  {x.inspectedAt && <span>{t('in.task.inspectedAt')}:{formatTime(x.inspectedAt, lang)}</span>}
                  {x.publishedAt ? <Tag>{t('in.draw.published')}</Tag> : x.publishDueAt && <span>{t('in.task.publishDue')}:{formatTime(x.publishDueAt, lang)}{x.overdue && <Tag style={{ marginLeft: 8 }}>{t('in.task.overdue')}</Tag>}</span>}
                </Space>
                {!x.publishedAt && <ResultForm task={x} onDone={list.reload} />}
              </Card>
            </List.Item>
          )}
        />
      )}
    </>
  );
}
