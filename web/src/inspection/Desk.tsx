import { UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useLoad } from '../api.js';
import { formatTime } from '../cases/parts.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import type { Department } from '../types.js';
import {
  OBJECT_CLASSES,
  commitDraw,
  createInspector,
  createItem,
  createPlan,
  departments,
  importSubjects,
  listInspectors,
  listItems,
  listPlans,
  listSubjects,
  type Inspector,
  type Item,
  type Plan,
} from './api.js';
import { CreditTab } from './Credit.js';
import { FormError, ImportFailure, RegionPicker, classLabel, emptyText, useRegion } from './parts.js';

const deptName = (depts: Department[] | undefined, id: string) => depts?.find((d) => d.id === id)?.name ?? id.slice(0, 8);

function ItemsTab({ region, depts }: { region: string; depts?: Department[] }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const list = useLoad((signal) => listItems(region, signal), [region]);
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: { departmentId: string; code: string; name: string; basis: string; objectClasses: string[]; method: string }) => {
    setError(null);
    try {
      await createItem(v);
      void message.success(t('in.added'));
      form.resetFields();
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : (
        <div className="tb-table-scroll">
          <Table<Item> data-testid="in-items" size="small" rowKey="id" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={list.data} locale={{ emptyText: emptyText(t('in.empty')) }} columns={[
            { title: t('in.code'), dataIndex: 'code', key: 'code' },
            { title: t('in.name'), dataIndex: 'name', key: 'name' },
            { title: t('in.department'), key: 'd', render: (_, r) => deptName(depts, r.departmentId) },
            { title: t('in.basis'), dataIndex: 'basis', key: 'basis' },
            { title: t('in.classes'), key: 'c', render: (_, r) => r.objectClasses.map((c) => <Tag key={c}>{t(classLabel(c))}</Tag>) },
            { title: t('in.method'), dataIndex: 'method', key: 'method' },
          ]} />
        </div>
      )}
      <Card size="small" title={<h2 className="tb-card-title">{t('in.add')}</h2>} style={{ marginTop: 16 }}>
        <Form form={form} name="in-item" layout="vertical" onFinish={submit} initialValues={{ objectClasses: ['enterprise', 'individual', 'cooperative'], method: '现场检查' }}>
          <Form.Item name="departmentId" label={t('in.department')} rules={[{ required: true }]}>
            <Select options={(depts ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="code" label={t('in.code')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="name" label={t('in.name')} rules={[{ required: true }]}><Input style={{ width: 280 }} /></Form.Item>
            <Form.Item name="method" label={t('in.method')} rules={[{ required: true }]}><Input /></Form.Item>
          </Space>
          <Form.Item name="basis" label={t('in.basis')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="objectClasses" label={t('in.classes')} rules={[{ required: true }]}>
            <Select mode="multiple" options={OBJECT_CLASSES.map((c) => ({ value: c, label: t(classLabel(c)) }))} />
          </Form.Item>
          {error ? <FormError error={error} /> : null}
          <Button type="primary" htmlType="submit" data-testid="in-item-add">{t('in.add')}</Button>
        </Form>
      </Card>
    </>
  );
}

function InspectorsTab({ region, depts }: { region: string; depts?: Department[] }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const list = useLoad((signal) => listInspectors(region, signal), [region]);
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: { departmentId: string; name: string; certificateNo: string; qualifications?: string }) => {
    setError(null);
    try {
      await createInspector({ departmentId: v.departmentId, name: v.name, certificateNo: v.certificateNo, qualifications: v.qualifications ? v.qualifications.split(/[,,、\s]+/).filter(Boolean) : undefined });
      void message.success(t('in.added'));
      form.resetFields();
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : (
        <div className="tb-table-scroll">
          <Table<Inspector> data-testid="in-inspectors" size="small" rowKey="id" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={list.data} locale={{ emptyText: emptyText(t('in.empty')) }} columns={[
            { title: t('in.inspector.name'), dataIndex: 'name', key: 'name' },
            { title: t('in.inspector.cert'), dataIndex: 'certificateNo', key: 'cert' },
            { title: t('in.department'), key: 'd', render: (_, r) => deptName(depts, r.departmentId) },
            { title: t('in.inspector.quals'), key: 'q', render: (_, r) => r.qualifications.join('、') || '—' },
            { title: t('in.inspector.account'), key: 'u', render: (_, r) => t(r.userId ? 'in.yes' : 'in.no') },
            { title: t('in.inspector.active'), key: 'a', render: (_, r) => t(r.active ? 'in.yes' : 'in.no') },
          ]} />
        </div>
      )}
      <Card size="small" title={<h2 className="tb-card-title">{t('in.add')}</h2>} style={{ marginTop: 16 }}>
        <Form form={form} name="in-inspector" layout="vertical" onFinish={submit}>
          <Space wrap>
            <Form.Item name="departmentId" label={t('in.department')} rules={[{ required: true }]}>
              <Select style={{ width: 260 }} options={(depts ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            <Form.Item name="name" label={t('in.inspector.name')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="certificateNo" label={t('in.inspector.cert')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="qualifications" label={t('in.inspector.quals')}><Input /></Form.Item>
          </Space>
          {error ? <FormError error={error} /> : null}
          <Button type="primary" htmlType="submit">{t('in.add')}</Button>
        </Form>
      </Card>
    </>
  );
}

function SubjectsTab({ region }: { region: string }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [cls, setCls] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const list = useLoad((signal) => listSubjects({ regionCode: region, objectClass: cls, limit: 20, offset: (page - 1) * 20 }, signal), [region, cls, page]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const total = list.data ? (cls ? list.data.byClass[cls] ?? 0 : Object.values(list.data.byClass).reduce((a, b) => a + b, 0)) : 0;
  const upload = async (file: File) => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await importSubjects(region, file);
      void message.success(t('in.import.done', r));
      list.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <div className="tb-toolbar">
          <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
            <Button icon={<UploadOutlined aria-hidden />} loading={busy} data-testid="in-import">{t('in.import.choose')}</Button>
          </Upload>
        </div>
        <p style={{ marginTop: 8 }}>{t('in.import.hint')}</p>
        {failure ? <ImportFailure error={failure} /> : null}
      </Card>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <PageLoading /> : (
        <>
          <div className="tb-toolbar" style={{ marginBottom: 8 }} data-testid="in-subject-counts">
            <label htmlFor="in-class">{t('in.task.class')}</label>
            <Select id="in-class" allowClear style={{ width: 200 }} value={cls} onChange={(v) => { setCls(v); setPage(1); }} options={OBJECT_CLASSES.map((c) => ({ value: c, label: t(classLabel(c)) }))} />
            {OBJECT_CLASSES.map((c) => (list.data!.byClass[c] ? <Tag key={c} data-class={c} data-count={list.data!.byClass[c]}>{t('in.count', { cls: t(classLabel(c)), n: list.data!.byClass[c]! })}</Tag> : null))}
          </div>
          <div className="tb-table-scroll">
            <Table data-testid="in-subjects" size="small" rowKey="creditCode" dataSource={list.data.items} locale={{ emptyText: emptyText(t('in.empty')) }}
              pagination={{ current: page, pageSize: 20, total, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
              columns={[
                { title: t('in.creditCode'), dataIndex: 'creditCode', key: 'cc' },
                { title: t('in.name'), dataIndex: 'name', key: 'name' },
                { title: t('in.task.class'), key: 'cls', render: (_, r) => t(classLabel(r.objectClass)) },
                { title: t('in.industry'), dataIndex: 'industry', key: 'ind' },
                { title: t('in.risk'), dataIndex: 'riskGrade', key: 'risk' },
                { title: t('in.creditGrade'), dataIndex: 'creditGrade', key: 'cg' },
              ]} />
          </div>
        </>
      )}
    </>
  );
}

interface PlanForm {
  name: string;
  year: number;
  departmentIds: string[];
  itemIds: string[];
  inspectorsPerObject: number;
}

function PlansTab({ region, depts }: { region: string; depts?: Department[] }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const plans = useLoad((signal) => listPlans(region, signal), [region]);
  const items = useLoad((signal) => listItems(region, signal), [region]);
  const [form] = Form.useForm<PlanForm>();
  const chosen = Form.useWatch('departmentIds', form) ?? [];
  const [error, setError] = useState<unknown>(null);
  const [drawError, setDrawError] = useState<unknown>(null);
  const submit = async (v: PlanForm) => {
    setError(null);
    try {
      await createPlan(v);
      void message.success(t('in.plan.created'));
      form.resetFields();
      plans.reload();
    } catch (e) {
      setError(e);
    }
  };
  const draw = async (plan: Plan) => {
    setDrawError(null);
    try {
      const c = await commitDraw(plan.id);
      navigate(`/inspection/draws/${c.id}`);
    } catch (e) {
      setDrawError(e);
    }
  };
  return (
    <>
      {drawError ? <FormError error={drawError} /> : null}
      {plans.error ? <ErrorState error={plans.error} onRetry={plans.reload} /> : !plans.data ? <PageLoading /> : (
        <div className="tb-table-scroll">
          <Table<Plan> data-testid="in-plans" size="small" rowKey="id" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={plans.data} locale={{ emptyText: emptyText(t('in.empty')) }}
            onRow={(p) => ({ 'data-plan': p.name } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              { title: t('in.plan.name'), dataIndex: 'name', key: 'name' },
              { title: t('in.plan.year'), dataIndex: 'year', key: 'year' },
              { title: t('in.department'), key: 'd', render: (_, p) => p.departmentIds.map((id) => deptName(depts, id)).join('、') },
              { title: t('in.plan.perObject'), dataIndex: 'inspectorsPerObject', key: 'n' },
              {
                title: t('in.plan.draws'),
                key: 'draws',
                render: (_, p) => (
                  <Space direction="vertical" size={2}>
                    {(p.draws ?? []).map((d) => (
                      <Link key={d.id} to={`/inspection/draws/${d.id}`} data-draw={d.id}>
                        {formatTime(d.committedAt as string, lang)} · {t(`in.draw.state.${d.state}` as 'in.draw.state.drawn')} · <code>{d.seedHash.slice(0, 12)}…</code>
                      </Link>
                    ))}
                    <Button size="small" onClick={() => void draw(p)} data-testid="in-commit">{t('in.plan.commit')}</Button>
                  </Space>
                ),
              },
            ]} />
        </div>
      )}
      <Card size="small" title={<h2 className="tb-card-title">{t('in.plan.create')}</h2>} style={{ marginTop: 16 }}>
        <Form form={form} name="in-plan" layout="vertical" onFinish={submit} initialValues={{ year: new Date().getFullYear(), inspectorsPerObject: 2 }}>
          <Space wrap>
            <Form.Item name="name" label={t('in.plan.name')} rules={[{ required: true }]}><Input style={{ width: 320 }} /></Form.Item>
            <Form.Item name="year" label={t('in.plan.year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
            <Form.Item name="inspectorsPerObject" label={t('in.plan.perObject')} rules={[{ required: true }]}><InputNumber min={2} max={10} /></Form.Item>
          </Space>
          <Form.Item name="departmentIds" label={t('in.plan.departments')} rules={[{ required: true }]}>
            <Select mode="multiple" options={(depts ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Form.Item name="itemIds" label={t('in.plan.items')} rules={[{ required: true }]}>
            <Select mode="multiple" options={(items.data ?? []).filter((i) => chosen.includes(i.departmentId)).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))} />
          </Form.Item>
          <p>{t('in.plan.ratios')}:{t('in.plan.ratiosHint')}</p>
          {error ? <FormError error={error} /> : null}
          <Button type="primary" htmlType="submit" data-testid="in-plan-create">{t('in.plan.create')}</Button>
        </Form>
      </Card>
    </>
  );
}

/** 一单两库 and plans of a region: items, inspectors, the subject directory with its import, plans and their draws, credit. */
export default function InspectionDesk() {
  const { t } = useI18n();
  const [region, setRegion] = useRegion();
  const depts = useLoad((signal) => departments(region, signal), [region]);
  return (
    <>
      <h1 className="tb-page-title">{t('in.desk.title')}</h1>
      <RegionPicker value={region} onChange={setRegion} />
      <Tabs
        destroyOnHidden
        items={[
          { key: 'plans', label: t('in.tab.plans'), children: <PlansTab region={region} depts={depts.data} /> },
          { key: 'items', label: t('in.tab.items'), children: <ItemsTab region={region} depts={depts.data} /> },
          { key: 'inspectors', label: t('in.tab.inspectors'), children: <InspectorsTab region={region} depts={depts.data} /> },
          { key: 'subjects', label: t('in.tab.subjects'), children: <SubjectsTab region={region} /> },
          { key: 'credit', label: t('in.tab.credit'), children: <CreditTab region={region} /> },
        ]}
      />
    </>
  );
}
