import { Alert, Button, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ruleMessageOf } from '../api/problem';
import type { Role } from '../api/views';
import { useIdentity } from '../auth/session';
import { showFieldErrors, useSaveStaff, type MallView, type PolicyView, type StaffMember } from './policy-data';

/** What a GM may hand out (routing's MALL_GRANTABLE_ROLES); a group admin any mall role. */
const MALL_GRANTABLE: Role[] = ['front-desk-agent', 'department-handler', 'department-manager', 'director'];
const MALL_ROLES: Role[] = [...MALL_GRANTABLE, 'mall-gm'];

const StaffForm = ({ mall, member, onClose }: { mall: MallView; member: StaffMember | null; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const [form] = Form.useForm<StaffMember>();
  const save = useSaveStaff();
  const grantable = identity.roles.includes('group-admin') ? MALL_ROLES : MALL_GRANTABLE;
  return (
    <Modal
      open
      title={member ? t('admin.staff.edit', { name: member.name }) : t('admin.staff.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={member ?? { id: '', name: '', roles: [], mallId: mall.id, departmentId: null, active: true }}
        onFinish={(values) =>
          save.mutate({ ...values, mallId: mall.id, departmentId: values.departmentId ?? null }, { onSuccess: onClose, onError: (error) => void showFieldErrors(form, error, t) })
        }
      >
        <Form.Item name="id" label={t('admin.staff.id')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
          <Input disabled={member !== null} />
        </Form.Item>
        <Form.Item name="name" label={t('admin.staff.name')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('admin.staff.roles')}>
          <Select mode="multiple" options={grantable.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
        </Form.Item>
        <Form.Item name="departmentId" label={t('admin.staff.department')}>
          <Select allowClear options={mall.departments.map((department) => ({ value: department.id, label: t(`departments.${department.id}`, { defaultValue: department.name }) }))} />
        </Form.Item>
        <Form.Item name="active" label={t('admin.staff.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
      {save.isError && !(save.error as { problem?: { errors?: unknown[] } }).problem?.errors?.length && <Alert type="error" showIcon title={ruleMessageOf(save.error, t, (key) => i18n.exists(key))} />}
    </Modal>
  );
};

/** The mall's staff and their roles; each changed or added through routing's admin API. */
export const StaffTable = ({ policy, mall }: { policy: PolicyView; mall: MallView }) => {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<StaffMember | null | 'new'>(null);
  const staff = policy.staff.filter((member) => member.mallId === mall.id);
  return (
    <>
      <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
        {t('admin.staff.add')}
      </Button>
      <Table<StaffMember>
        rowKey="id"
        size="small"
        dataSource={staff}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: t('admin.staff.id'), dataIndex: 'id', key: 'id' },
          { title: t('admin.staff.name'), dataIndex: 'name', key: 'name' },
          { title: t('admin.staff.roles'), key: 'roles', render: (_, member) => member.roles.map((role) => <Tag key={role}>{t(`roles.${role}`)}</Tag>) },
          { title: t('admin.staff.department'), key: 'department', render: (_, member) => (member.departmentId ? t(`departments.${member.departmentId}`, { defaultValue: member.departmentId }) : '—') },
          { title: t('admin.staff.active'), key: 'active', render: (_, member) => (member.active ? t('common.yes') : t('common.no')) },
          {
            title: t('admin.staff.actions'),
            key: 'edit',
            render: (_, member) => (
              <Button size="small" onClick={() => setEditing(member)} aria-label={t('admin.staff.edit', { name: member.name })}>
                {t('admin.staff.change')}
              </Button>
            ),
          },
        ]}
      />
      {editing !== null && <StaffForm mall={mall} member={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
};
