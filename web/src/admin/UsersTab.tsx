import { App as AntApp, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, useLoad } from '../api.js';
import { useServerErrors } from '../components/serverErrors.js';
import { ErrorState } from '../components/status.js';
import { useI18n } from '../i18n.js';
import { STAFF_ROLES, type Department, type Region, type Role, type User } from '../types.js';
import { departmentLabel, Pager, regionOptions, useOrgScope } from './shared.js';

const PAGE_SIZE = 20;

interface StaffForm {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
  departmentId?: string;
}

/** Adds a staff account, or edits one (`editing`): name, roles, region, department, and a new password if given. */
function StaffDialog({ open, editing, regions, departments, onClose, onSaved }: { open: boolean; editing?: User; regions: Region[]; departments: Department[]; onClose: () => void; onSaved: (u: User) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<StaffForm>();
  const [busy, setBusy] = useState(false);
  const server = useServerErrors(form, ['username', 'displayName', 'password', 'roles', 'regionCode', 'departmentId']);
  const regionCode = Form.useWatch('regionCode', form);
  const required = (label: Parameters<typeof t>[0]) => [{ required: true, whitespace: true, message: t('common.required', { field: t(label) }) }];
  const chosen = (label: Parameters<typeof t>[0], type: 'string' | 'array' = 'string') => [{ required: true, type, message: t('common.requiredSelect', { field: t(label) }) }];

  useEffect(() => {
    if (!open) return;
    server.clear();
    form.resetFields();
    if (editing) form.setFieldsValue({ username: editing.username ?? '', displayName: editing.displayName, roles: editing.roles, regionCode: editing.regionCode ?? undefined, departmentId: editing.departmentId ?? undefined });
    // Filled once per opening: a reload of the list while the dialog is open must not undo what the admin typed.
  }, [open, editing?.id]);

  const onFinish = async (v: StaffForm) => {
    setBusy(true);
    server.clear();
    const common = { displayName: v.displayName.trim(), roles: v.roles, regionCode: v.regionCode, departmentId: v.departmentId ?? null };
    try {
      const user = editing
        ? await api.patch<User>(`/api/v1/admin/users/${editing.id}`, { ...common, ...(v.password ? { password: v.password } : {}) })
        : await api.post<User>('/api/v1/admin/users', { username: v.username.trim(), password: v.password, ...common });
      form.resetFields();
      onSaved(user);
    } catch (err) {
      server.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('admin.user.editTitle', { name: editing.displayName }) : t('admin.user.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      forceRender
    >
      {server.alert}
      <Form
        form={form}
        name={editing ? 'edit-staff' : 'create-staff'}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<StaffForm>) => {
          server.onValuesChange(changed);
          if ('regionCode' in changed) form.setFieldValue('departmentId', undefined);
        }}
      >
        <Form.Item name="username" label={t('admin.user.username')} rules={editing ? [] : required('admin.user.username')}>
          <Input autoComplete="off" disabled={!!editing} />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.user.displayName')} rules={required('admin.user.displayName')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t(editing ? 'admin.user.newPassword' : 'admin.user.password')}
          extra={t(editing ? 'admin.user.newPasswordHelp' : 'register.passwordHelp')}
          rules={editing ? [] : required('admin.user.password')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label={t('admin.user.roles')} rules={chosen('admin.user.roles', 'array')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('admin.user.region')} rules={chosen('admin.user.region')}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={regionOptions(regions)} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('admin.user.department')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={departments.filter((d) => d.regionCode === regionCode).map((d) => ({ value: d.id, label: departmentLabel(d, lang) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function isLocked(u: User): boolean {
  return !!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now();
}

export default function UsersTab() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const scope = useOrgScope();
  const [kind, setKind] = useState<User['kind'] | undefined>();
  const [page, setPage] = useState(0);
  const [dialog, setDialog] = useState<{ editing?: User } | null>(null);
  const users = useLoad(
    (signal) => api.get<User[]>('/api/v1/admin/users', { signal, query: { kind, limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE } }),
    [kind, page],
  );
  const regionName = new Map((scope.data?.regions ?? []).map((r) => [r.code, r.name]));
  const deptName = new Map((scope.data?.departments ?? []).map((d) => [d.id, departmentLabel(d, lang)]));

  const update = async (u: User, patch: { disabled?: boolean; unlock?: boolean }) => {
    try {
      await api.patch<User>(`/api/v1/admin/users/${u.id}`, patch);
      void message.success(t('admin.user.updated', { name: u.displayName }));
      users.reload();
    } catch (err) {
      void message.error(errorMessage(err, lang));
    }
  };

  if (users.error) return <ErrorState error={users.error} onRetry={users.reload} />;
  const rows = (users.data ?? []).slice(0, PAGE_SIZE);
  return (
    <>
      <div className="tb-toolbar">
        <label htmlFor="user-kind-filter">{t('admin.user.kind')}</label>
        <Select
          id="user-kind-filter"
          style={{ minWidth: 160 }}
          value={kind ?? 'all'}
          onChange={(v) => {
            setKind(v === 'all' ? undefined : (v as User['kind']));
            setPage(0);
          }}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'staff', label: t('admin.user.kind.staff') },
            { value: 'person', label: t('admin.user.kind.person') },
            { value: 'enterprise', label: t('admin.user.kind.enterprise') },
          ]}
        />
        <Button type="primary" onClick={() => setDialog({})}>{t('admin.user.create')}</Button>
      </div>
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('admin.user.account'), key: 'account', render: (_, u) => u.username ?? u.creditCode ?? u.idNumberMasked ?? '' },
          { title: t('admin.user.displayName'), dataIndex: 'displayName' },
          { title: t('admin.user.kind'), dataIndex: 'kind', render: (k: User['kind']) => t(`admin.user.kind.${k}`) },
          { title: t('admin.user.roles'), dataIndex: 'roles', render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>) },
          { title: t('admin.user.region'), dataIndex: 'regionCode', render: (c: string | null) => (c ? regionName.get(c) ?? c : '') },
          { title: t('admin.user.department'), dataIndex: 'departmentId', render: (id: string | null) => (id ? deptName.get(id) ?? '' : '') },
          {
            title: t('admin.user.status'),
            key: 'status',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag className="tb-tag-bad">{t('admin.user.disabled')}</Tag> : <Tag className="tb-tag-ok">{t('admin.user.active')}</Tag>}
                {isLocked(u) && <Tag className="tb-tag-warn">{t('admin.user.locked')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.kind === 'staff' && (
                  <Button size="small" autoInsertSpace={false} onClick={() => setDialog({ editing: u })} aria-label={t('admin.user.editOf', { name: u.displayName })}>{t('admin.user.edit')}</Button>
                )}
                {u.disabled ? (
                  <Button size="small" onClick={() => update(u, { disabled: false })}>{t('admin.user.enable')}</Button>
                ) : (
                  <Popconfirm title={t('admin.user.disableConfirm', { name: u.displayName })} okText={t('admin.user.disable')} cancelText={t('common.cancel')} onConfirm={() => update(u, { disabled: true })}>
                    <Button size="small" danger>{t('admin.user.disable')}</Button>
                  </Popconfirm>
                )}
                {isLocked(u) && <Button size="small" onClick={() => update(u, { unlock: true })}>{t('admin.user.unlock')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Pager page={page} hasNext={(users.data?.length ?? 0) > PAGE_SIZE} onChange={setPage} />
      <StaffDialog
        open={dialog !== null}
        editing={dialog?.editing}
        regions={scope.data?.regions ?? []}
        departments={scope.data?.departments ?? []}
        onClose={() => setDialog(null)}
        onSaved={(u) => {
          void message.success(t(dialog?.editing ? 'admin.user.updated' : 'admin.user.created', { name: u.displayName }));
          setDialog(null);
          users.reload();
        }}
      />
    </>
  );
}
