import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, useLoad } from '../../api.js';
import { useServerErrors } from '../../components/serverErrors.js';
import { ErrorState, PageLoading } from '../../components/status.js';
import { useI18n, type MessageKey } from '../../i18n.js';
import { useSession } from '../../session.js';
import type { CalendarYear, DayKind, NoticeConfirm, NoticePreview, OfficeHours, Region } from '../../types.js';

export const NATIONAL = '000000';
const KINDS: DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday'];
/** Each kind has a mark of its own besides its colour, so the grid reads without colour (WCAG 1.4.1). */
const KIND_MARK: Record<DayKind, MessageKey> = { workday: 'calendar.mark.workday', weekend: 'calendar.mark.weekend', holiday: 'calendar.mark.holiday', adjusted_workday: 'calendar.mark.adjusted' };
const KIND_LABEL: Record<DayKind, MessageKey> = { workday: 'calendar.kind.workday', weekend: 'calendar.kind.weekend', holiday: 'calendar.kind.holiday', adjusted_workday: 'calendar.kind.adjusted' };
const SOURCE_LABEL: Record<'seed' | 'notice' | 'admin', MessageKey> = { seed: 'calendar.source.seed', notice: 'calendar.source.notice', admin: 'calendar.source.admin' };
const WEEKDAYS: MessageKey[] = ['calendar.wd.1', 'calendar.wd.2', 'calendar.wd.3', 'calendar.wd.4', 'calendar.wd.5', 'calendar.wd.6', 'calendar.wd.7'];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function Legend() {
  const { t } = useI18n();
  return (
    <ul className="tb-cal-legend" aria-label={t('calendar.legend')}>
      {KINDS.map((k) => (
        <li key={k}><span className={`tb-cal-day tb-cal-${k}`} aria-hidden>{t(KIND_MARK[k])}</span> {t(KIND_MARK[k])} = {t(KIND_LABEL[k])}</li>
      ))}
    </ul>
  );
}

/** One month as a table (weeks × weekdays); each day says its kind in text, not only in colour. */
function Month({ year, month, kindOf, onPick }: { year: number; month: number; kindOf: (date: string) => { kind: DayKind; name?: string | null }; onPick: (date: string) => void }) {
  const { t } = useI18n();
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: count }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <table className="tb-cal-month" data-testid={`month-${month}`}>
      <caption>{t('calendar.month', { y: year, m: month })}</caption>
      <thead>
        <tr>{WEEKDAYS.map((w) => <th key={w} scope="col">{t(w)}</th>)}</tr>
      </thead>
      <tbody>
        {weeks.map((week, wi) => (
          <tr key={wi}>
            {week.map((d, di) => {
              if (d === null) return <td key={di} />;
              const date = iso(year, month, d);
              const info = kindOf(date);
              const label = `${date} ${t(KIND_LABEL[info.kind])}${info.name ? ` ${info.name}` : ''}`;
              return (
                <td key={di}>
                  <button type="button" className={`tb-cal-day tb-cal-${info.kind}`} title={label} data-date={date} data-kind={info.kind} data-label={label} onClick={() => onPick(date)}>
                    <span>{d}</span>
                    {info.kind !== 'workday' && <small>{t(KIND_MARK[info.kind])}</small>}
                    <span className="tb-sr-only"> {label}</span>
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SetDay({ regionCode, date, current, onClose, onSaved }: { regionCode: string; date: string | null; current?: { kind: DayKind; name?: string | null }; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ kind: DayKind; name?: string; note?: string }>();
  const server = useServerErrors(form, ['kind', 'name', 'note']);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (date) {
      server.clear();
      form.setFieldsValue({ kind: current?.kind ?? 'workday', name: current?.name ?? '', note: '' });
    }
  }, [date]);
  const onFinish = async (v: { kind: DayKind; name?: string; note?: string }) => {
    setBusy(true);
    try {
      const r = await api.put<{ recomputedCases: number }>(`/api/v1/admin/calendar/days/${regionCode}/${date}`, { kind: v.kind, name: v.name?.trim() || null, note: v.note?.trim() || null });
      void message.success(t('calendar.daySaved', { n: r.recomputedCases }));
      onSaved();
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!date} title={t('calendar.setDay', { date: date ?? '' })} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} forceRender>
      {server.alert}
      <Form form={form} name="set-day" layout="vertical" onFinish={onFinish} onValuesChange={server.onValuesChange}>
        <Form.Item name="kind" label={t('calendar.kind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('calendar.dayName')}><Input maxLength={40} /></Form.Item>
        <Form.Item name="note" label={t('calendar.note')}><Input maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

function YearView({ regionCode, year, setYear, reloadKey }: { regionCode: string; year: number; setYear: (y: number) => void; reloadKey: number }) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<string | null>(null);
  const view = useLoad((signal) => api.get<CalendarYear>(`/api/v1/admin/calendar/years/${year}`, { signal, query: { regionCode } }), [year, regionCode, reloadKey]);
  const byDate = new Map((view.data?.days ?? []).map((d) => [d.date, d]));
  const kindOf = (date: string) => {
    const d = byDate.get(date);
    if (d) return { kind: d.kind, name: d.name };
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    return { kind: (wd === 0 || wd === 6 ? 'weekend' : 'workday') as DayKind };
  };
  return (
    <Card
      title={<h2 className="tb-card-title">{t('calendar.yearTitle', { y: year })}</h2>}
      extra={
        <Space>
          <Button onClick={() => setYear(year - 1)}><span aria-hidden>‹ </span><span className="tb-sr-only">{t('calendar.prevYear')} </span>{year - 1}</Button>
          <label htmlFor="calendar-year" className="tb-sr-only">{t('calendar.year')}</label>
          <InputNumber id="calendar-year" min={1970} max={2199} value={year} onChange={(v) => v && setYear(v)} />
          <Button onClick={() => setYear(year + 1)}><span className="tb-sr-only">{t('calendar.nextYear')} </span>{year + 1}<span aria-hidden> ›</span></Button>
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      {view.error ? (
        <ErrorState error={view.error} onRetry={view.reload} />
      ) : !view.data || view.data.year !== year || view.data.regionCode !== regionCode ? (
        <PageLoading />
      ) : (
        <>
          {view.data.entered ? (
            <p data-testid="year-entered">
              {t('calendar.entered', { source: view.data.enteredBy ? t(SOURCE_LABEL[view.data.enteredBy.source]) : '', ref: view.data.enteredBy?.sourceRef ?? '', n: view.data.workdays })}
            </p>
          ) : (
            <Alert type="warning" showIcon role="status" style={{ marginBottom: 12 }} title={t('calendar.notEntered', { y: year })} data-testid="year-missing" />
          )}
          <Legend />
          <div className="tb-cal-grid">
            {Array.from({ length: 12 }, (_, i) => <Month key={i} year={year} month={i + 1} kindOf={kindOf} onPick={setPicked} />)}
          </div>
        </>
      )}
      <SetDay regionCode={regionCode} date={picked} current={picked ? kindOf(picked) : undefined} onClose={() => setPicked(null)} onSaved={() => { setPicked(null); view.reload(); }} />
    </Card>
  );
}

function NoticeImport({ regionCode, onConfirmed }: { regionCode: string; onConfirmed: (year: number) => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ year: number; text: string }>();
  const server = useServerErrors(form, ['year', 'text']);
  const [preview, setPreview] = useState<NoticePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const body = () => ({ ...form.getFieldsValue(), regionCode: regionCode === NATIONAL ? undefined : regionCode });
  const onPreview = async () => {
    setBusy(true);
    server.clear();
    try {
      setPreview(await api.post<NoticePreview>('/api/v1/admin/calendar/notices/preview', body()));
    } catch (err) {
      setPreview(null);
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const onConfirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const r = await api.post<NoticeConfirm>('/api/v1/admin/calendar/notices/confirm', { ...body(), previewHash: preview.previewHash });
      void message.success(t('calendar.notice.confirmed', { y: r.year, h: r.holidays, a: r.adjustedWorkdays, n: r.recomputedCases }));
      setPreview(null);
      onConfirmed(r.year);
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="tb-card-title">{t('calendar.notice.title')}</h2>} style={{ marginBottom: 16 }}>
      {server.alert}
      <Form form={form} name="notice" layout="vertical" onFinish={onPreview} onValuesChange={() => setPreview(null)} initialValues={{ year: new Date().getFullYear() + 1 }}>
        <Form.Item name="year" label={t('calendar.year')} rules={[{ required: true, message: t('common.required', { field: t('calendar.year') }) }]}>
          <InputNumber min={1970} max={2199} />
        </Form.Item>
        <Form.Item name="text" label={t('calendar.notice.text')} extra={t('calendar.notice.help')} rules={[{ required: true, message: t('common.required', { field: t('calendar.notice.text') }) }]}>
          <Input.TextArea rows={8} />
        </Form.Item>
        <Button htmlType="submit" disabled={busy}>{t('calendar.notice.preview')}</Button>
      </Form>
      {preview && (
        <section aria-labelledby="notice-preview-title" style={{ marginTop: 16 }} data-testid="notice-preview">
          <h3 id="notice-preview-title" className="tb-card-title">{t('calendar.notice.previewTitle', { y: preview.year })}</h3>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('calendar.kind.holiday')}><span data-testid="preview-holidays">{preview.holidays.length}</span></Descriptions.Item>
            <Descriptions.Item label={t('calendar.kind.adjusted')}><span data-testid="preview-adjusted">{preview.adjustedWorkdays.length}</span></Descriptions.Item>
            <Descriptions.Item label={t('calendar.notice.current')}>{preview.current.entered ? t('calendar.notice.replaces', { source: preview.current.source ? t(SOURCE_LABEL[preview.current.source]) : '', n: preview.current.days }) : t('calendar.notice.new')}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="line"
            pagination={false}
            scroll={{ x: true }}
            dataSource={preview.items}
            columns={[
              { title: t('calendar.notice.line'), dataIndex: 'line' },
              { title: t('calendar.dayName'), dataIndex: 'names', render: (n: string[]) => n.join('、') },
              { title: t('calendar.kind.holiday'), dataIndex: 'holidays', render: (d: string[]) => d.join('、') },
              { title: t('calendar.kind.adjusted'), dataIndex: 'adjustedWorkdays', render: (d: string[]) => d.join('、') || t('common.none') },
            ]}
          />
          {preview.problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginTop: 12 }}
              title={t('calendar.notice.problems', { n: preview.problems.length })}
              description={<ul data-testid="notice-problems">{preview.problems.map((p, i) => <li key={i}>{t('calendar.notice.lineN', { n: p.line })}「{p.text}」:{p[lang]}</li>)}</ul>}
            />
          )}
          {preview.ignored.length > 0 && (
            <details style={{ marginTop: 8 }}>
              <summary>{t('calendar.notice.ignored', { n: preview.ignored.length })}</summary>
              <ul>{preview.ignored.map((l) => <li key={l.line}>{l.line}: {l.text}</li>)}</ul>
            </details>
          )}
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" onClick={onConfirm} loading={busy} disabled={!preview.confirmable}>{t('calendar.notice.confirm', { y: preview.year })}</Button>
            {!preview.confirmable && <span role="status">{t('calendar.notice.notConfirmable')}</span>}
          </Space>
        </section>
      )}
    </Card>
  );
}

function OfficeHoursEditor({ regionCode }: { regionCode: string }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const hours = useLoad((signal) => api.get<OfficeHours>('/api/v1/calendar/office-hours', { signal, query: { regionCode } }), [regionCode]);
  const [periods, setPeriods] = useState<{ start: string; end: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (hours.data) setPeriods(hours.data.periods.map((p) => ({ ...p })));
  }, [hours.data]);
  if (hours.error) return <ErrorState error={hours.error} onRetry={hours.reload} />;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.put<{ recomputedCases: number }>(`/api/v1/admin/calendar/office-hours/${regionCode}`, { periods });
      void message.success(t('calendar.hours.saved', { n: r.recomputedCases }));
      hours.reload();
    } catch (err) {
      setError(errorMessage(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="tb-card-title">{t('calendar.hours.title')}</h2>} style={{ marginBottom: 16 }}>
      {hours.data && <p>{hours.data.inheritedFrom === regionCode ? t('calendar.hours.own') : t('calendar.hours.inherited', { from: hours.data.inheritedFrom === 'default' ? t('calendar.hours.default') : hours.data.inheritedFrom })}</p>}
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {periods.map((p, i) => (
        <Space key={i} wrap style={{ marginBottom: 8 }}>
          <label htmlFor={`hours-start-${i}`}>{t('calendar.hours.start', { n: i + 1 })}</label>
          <Input id={`hours-start-${i}`} style={{ width: 90 }} value={p.start} onChange={(e) => setPeriods(periods.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)))} />
          <label htmlFor={`hours-end-${i}`}>{t('calendar.hours.end', { n: i + 1 })}</label>
          <Input id={`hours-end-${i}`} style={{ width: 90 }} value={p.end} onChange={(e) => setPeriods(periods.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)))} />
          <Button danger icon={<DeleteOutlined aria-hidden />} aria-label={t('calendar.hours.remove', { n: i + 1 })} onClick={() => setPeriods(periods.filter((_, j) => j !== i))} disabled={periods.length === 1} />
        </Space>
      ))}
      <Space>
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setPeriods([...periods, { start: '14:30', end: '17:30' }])} disabled={periods.length >= 6}>{t('calendar.hours.add')}</Button>
        <Button type="primary" onClick={save} loading={busy} data-testid="hours-save">{t('common.save')}</Button>
      </Space>
    </Card>
  );
}

/** /admin/calendar: the working calendar of a year, the notice import, and office hours. */
export default function CalendarTab() {
  const { t } = useI18n();
  const { user } = useSession();
  const [year, setYear] = useState(new Date().getFullYear());
  const [regionCode, setRegionCode] = useState(NATIONAL);
  const [reloadKey, setReloadKey] = useState(0);
  const regions = useLoad((signal) => api.get<Region[]>('/api/v1/regions', { signal, query: { within: user?.regionCode ?? undefined } }).catch(() => [] as Region[]), [user?.regionCode]);
  return (
    <>
      <div className="tb-toolbar">
        <label htmlFor="calendar-region">{t('calendar.region')}</label>
        <Select
          id="calendar-region"
          style={{ minWidth: 240 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={regionCode}
          onChange={setRegionCode}
          options={[{ value: NATIONAL, label: t('calendar.national') }, ...(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name}(${r.code})` }))]}
        />
        <span className="tb-result-code">{t('calendar.regionHelp')}</span>
      </div>
      <YearView regionCode={regionCode} year={year} setYear={setYear} reloadKey={reloadKey} />
      <NoticeImport regionCode={regionCode} onConfirmed={(y) => { setYear(y); setReloadKey((k) => k + 1); }} />
      <OfficeHoursEditor regionCode={regionCode} />
    </>
  );
}
