import { App as AntApp, Button, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { api } from '../api.js';
import { useServerErrors } from '../components/serverErrors.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';
import type { Department, Region } from '../types.js';
import { departmentLabel, regionOptions, useOrgScope } from './shared.js';

interface DepartmentForm {
  code?: string;
  name: string;
  nameEn?: string;
  regionCode?: string;
}

/** One form for both creating (all fields) and editing (names only; the code and region are fixed). */
function DepartmentEditor({ regions, editing, open, onClose, onSaved }: { regions: Region[]; editing: Department | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<DepartmentForm>();
  const [busy, setBusy] = useState(false);
  const server = useServerErrors(form, ['code', 'name', 'nameEn', 'regionCode']);
  const required = (label: Parameters<typeof t>[0]) => [{ required: true, whitespace: true, message: t('common.required', { field: t(label) }) }];

  const onFinish = async (v: DepartmentForm) => {
    setBusy(true);
    server.clear();
    const nameEn = v.nameEn?.trim() ? v.nameEn.trim() : null;
    try {
      if (editing) await api.patch(`/api/v1/admin/departments/${editing.id}`, { name: v.name.trim(), nameEn });
      else await api.post('/api/v1/admin/departments', { code: v.code!.trim(), name: v.name.trim(), nameEn, regionCode: v.regionCode });
      void message.success(t('common.saved'));
      onSaved();
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(editing ? 'admin.dept.editTitle' : 'admin.dept.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o) {
          server.clear();
          form.setFieldsValue(editing ? { name: editing.name, nameEn: editing.nameEn ?? '' } : { code: '', name: '', nameEn: '', regionCode: undefined });
        }
      }}
    >
      {server.alert}
      <Form form={form} name="department" layout="vertical" onFinish={onFinish} onValuesChange={server.onValuesChange} requiredMark={false}>
        {!editing && (
          <>
            <Form.Item name="regionCode" label={t('admin.dept.region')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('admin.dept.region') }) }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={regionOptions(regions)} />
            </Form.Item>
            <Form.Item name="code" label={t('admin.dept.code')} extra={t('admin.dept.codeHelp')} rules={required('admin.dept.code')}>
              <Input />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={t('admin.dept.name')} rules={required('admin.dept.name')}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.dept.nameEn')}>
          <Input lang="en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DepartmentsTab() {
  const { t, lang } = useI18n();
  const scope = useOrgScope();
  const [regionFilter, setRegionFilter] = useState<string | undefined>();
  const [editor, setEditor] = useState<{ open: boolean; editing: Department | null }>({ open: false, editing: null });
  if (scope.error) return <ErrorState error={scope.error} onRetry={scope.reload} />;
  const regions = scope.data?.regions ?? [];
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const rows = (scope.data?.departments ?? []).filter((d) => !regionFilter || d.regionCode === regionFilter);
  return (
    <>
      <div className="tb-toolbar">
        <label htmlFor="dept-region-filter">{t('admin.dept.region')}</label>
        <Select id="dept-region-filter" style={{ minWidth: 220 }} allowClear placeholder={t('common.all')} value={regionFilter} onChange={setRegionFilter} showSearch={{ optionFilterProp: 'label' }} options={regionOptions(regions)} />
        <Button type="primary" onClick={() => setEditor({ open: true, editing: null })}>{t('admin.dept.create')}</Button>
      </div>
      <Table<Department>
        rowKey="id"
        size="small"
        loading={scope.loading}
        dataSource={rows}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          { title: t('admin.dept.code'), dataIndex: 'code' },
          { title: t('admin.dept.name'), dataIndex: 'name' },
          { title: t('admin.dept.nameEn'), dataIndex: 'nameEn', render: (v: string | null) => <span lang="en">{v ?? ''}</span> },
          { title: t('admin.dept.region'), dataIndex: 'regionCode', render: (c: string) => regionName.get(c) ?? c },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, d) => (
              <Button size="small" onClick={() => setEditor({ open: true, editing: d })}>
                {t('admin.dept.edit')}
                <span className="tb-sr-only"> {departmentLabel(d, lang)}</span>
              </Button>
            ),
          },
        ]}
      />
      <DepartmentEditor
        regions={regions}
        open={editor.open}
        editing={editor.editing}
        onClose={() => setEditor({ open: false, editing: null })}
        onSaved={() => {
          setEditor({ open: false, editing: null });
          scope.reload();
        }}
      />
    </>
  );
}
