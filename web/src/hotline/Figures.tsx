import { Button, Card, Col, Form, Input, Row, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useLoad } from '../api.js';
import { CardMark, formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { cards, figures, rate } from './api.js';
import { emptyText } from './parts.js';

const thisYear = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4);

/** Seed 001's figures of a region and period (接通率, 办结率, 按期办结率, 满意率 …), and the red and yellow orders. */
export default function HotlineFigures() {
  const { t, lang } = useI18n();
  const [q, setQ] = useState<{ regionCode?: string; from: string; to: string }>({ from: `${thisYear()}-01`, to: `${thisYear()}-12` });
  const f = useLoad((signal) => figures(q, signal), [q.regionCode, q.from, q.to]);
  const late = useLoad((signal) => cards(signal), []);
  const countColumns = [
    { title: t('hl.f.key'), dataIndex: 'key' },
    { title: t('hl.f.received'), dataIndex: 'received' },
    { title: t('hl.f.closed'), dataIndex: 'closed' },
  ];
  return (
    <>
      <h1 className="tb-page-title">{t('hl.figures.title')}</h1>
      <Form layout="inline" name="figures" initialValues={q} onFinish={(v: { regionCode?: string; from: string; to: string }) => setQ({ ...v, regionCode: v.regionCode || undefined })} style={{ marginBottom: 16 }}>
        <Form.Item name="regionCode" label={t('hl.region')}><Input style={{ width: 120 }} /></Form.Item>
        <Form.Item name="from" label={t('hl.from')}><Input style={{ width: 100 }} /></Form.Item>
        <Form.Item name="to" label={t('hl.to')}><Input style={{ width: 100 }} /></Form.Item>
        <Button htmlType="submit" type="primary">{t('hl.query')}</Button>
      </Form>
      {f.error ? <ErrorState error={f.error} onRetry={f.reload} /> : !f.data ? <PageLoading /> : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="hotline-rates">
            {(['answerRate', 'closeRate', 'onTimeRate', 'satisfactionRate'] as const).map((k) => (
              <Col key={k} xs={12} md={6}><Card size="small"><Statistic title={t(`hl.f.${k}` as MessageKey)} value={rate(f.data!.rates[k])} /></Card></Col>
            ))}
            <Col xs={8} md={4}><Card size="small"><Statistic title={t('hl.f.calls')} value={f.data.totals.calls} /></Card></Col>
            <Col xs={8} md={4}><Card size="small" data-testid="hotline-received"><Statistic title={t('hl.f.received')} value={f.data.totals.received} /></Card></Col>
            <Col xs={8} md={4}><Card size="small" data-testid="hotline-closed"><Statistic title={t('hl.f.closed')} value={f.data.totals.closed} /></Card></Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}><Card size="small" title={t('hl.f.byCategory')}><Table rowKey="key" size="small" pagination={false} dataSource={f.data.byCategory.map((r) => ({ ...r, key: t(`hl.cat.${r.key}` as MessageKey) }))} columns={countColumns} /></Card></Col>
            <Col xs={24} md={8}><Card size="small" title={t('hl.f.byRegion')}><Table rowKey="key" size="small" pagination={false} dataSource={f.data.byRegion} columns={countColumns} /></Card></Col>
            <Col xs={24} md={8}><Card size="small" title={t('hl.f.topSubjects')}><Table rowKey="key" size="small" pagination={false} dataSource={f.data.topSubjects} columns={countColumns} /></Card></Col>
          </Row>
        </>
      )}
      <Card size="small" title={t('hl.cards')} style={{ marginTop: 16 }}>
        {late.error ? <ErrorState error={late.error} onRetry={late.reload} /> : !late.data ? <PageLoading /> : (
          <Table rowKey="id" size="small" pagination={false} dataSource={late.data} locale={{ emptyText: emptyText(t('hl.noCards')) }} columns={[
            { title: t('hl.number'), dataIndex: 'number' },
            { title: t('hl.category'), render: (_, r) => t(`hl.cat.${r.category}` as MessageKey) },
            { title: t('hl.due'), render: (_, r) => formatTime(r.dueAt, lang) },
            { title: t('hl.state'), render: (_, r) => <CardMark card={r.card as never} /> },
          ]} />
        )}
      </Card>
    </>
  );
}
