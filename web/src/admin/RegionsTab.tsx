import { App as AntApp, Button, Card, Form, Input, Select, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { api } from '../api.js';
import { useServerErrors } from '../components/serverErrors.js';
import { ErrorState, PageLoading } from '../components/status.js';
import { useI18n } from '../i18n.js';
import type { Region } from '../types.js';
import { regionOptions, useOrgScope } from './shared.js';

function buildTree(regions: Region[]): DataNode[] {
  const codes = new Set(regions.map((r) => r.code));
  const children = new Map<string | null, Region[]>();
  for (const r of regions) {
    const parent = r.parentCode && codes.has(r.parentCode) ? r.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const nodes = (parent: string | null): DataNode[] =>
    (children.get(parent) ?? []).map((r) => ({ key: r.code, title: `${r.name}(${r.code})`, children: nodes(r.code) }));
  return nodes(null);
}

interface RegionForm {
  code: string;
  name: string;
  parentCode?: string;
}

function CreateRegion({ regions, onCreated }: { regions: Region[]; onCreated: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RegionForm>();
  const [busy, setBusy] = useState(false);
  const server = useServerErrors(form, ['code', 'name', 'parentCode']);
  const onFinish = async (values: RegionForm) => {
    setBusy(true);
    server.clear();
    try {
      await api.post<Region>('/api/v1/admin/regions', { code: values.code.trim(), name: values.name.trim(), parentCode: values.parentCode ?? null });
      void message.success(t('common.saved'));
      form.resetFields();
      onCreated();
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="tb-card-title">{t('admin.region.create')}</h2>}>
      {server.alert}
      <Form form={form} name="create-region" layout="vertical" onFinish={onFinish} onValuesChange={server.onValuesChange} requiredMark={false}>
        <Form.Item name="parentCode" label={t('admin.region.parent')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={regionOptions(regions)} />
        </Form.Item>
        <Form.Item name="code" label={t('admin.region.code')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('admin.region.code') }) }]}>
          <Input inputMode="numeric" />
        </Form.Item>
        <Form.Item name="name" label={t('admin.region.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('admin.region.name') }) }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('common.create')}</Button>
      </Form>
    </Card>
  );
}

export default function RegionsTab() {
  const { t } = useI18n();
  const scope = useOrgScope();
  const tree = useMemo(() => buildTree(scope.data?.regions ?? []), [scope.data]);
  if (scope.error) return <ErrorState error={scope.error} onRetry={scope.reload} />;
  if (!scope.data) return <PageLoading />;
  return (
    <div className="tb-cards">
      <Card title={<h2 className="tb-card-title" id="region-tree-title">{t('admin.region.tree')}</h2>}>
        <Tree treeData={tree} defaultExpandAll selectable={false} aria-labelledby="region-tree-title" />
      </Card>
      <CreateRegion regions={scope.data.regions} onCreated={scope.reload} />
    </div>
  );
}
