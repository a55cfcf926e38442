import { Button, Card, Checkbox, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiErrors, useSaveDepartments, type MallDepartments } from './org-data';
import type { MallView, PolicyView } from './policy-data';
import { SaveBar } from './SaveBar';
import './admin.css';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The mall's departments, each with its manager and its duty roster (who is on duty which days, from when to when). */
export const DepartmentsForm = ({ policy, mall }: { policy: PolicyView; mall: MallView }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<MallDepartments>();
  const save = useSaveDepartments(mall.id);
  const errors = useApiErrors(form, t, ['departments']);
  const departments = Form.useWatch('departments', form);
  const initial: MallDepartments = {
    departments: mall.departments.map((department) => ({ ...department, managerStaffId: department.managerStaffId ?? null, roster: department.roster ?? [] })) as MallDepartments['departments'],
  };
  const existing = new Set(mall.departments.map((department) => department.id));
  // The API takes as manager or on the roster only the department's own staff: offer those.
  const staffOf = (departmentId: string | undefined) =>
    policy.staff
      .filter((member) => member.mallId === mall.id && member.departmentId === departmentId && member.active)
      .map((member) => ({ value: member.id, label: `${member.name}（${member.id}）` }));
  const required = [{ required: true, message: t('admin.fieldErrors.generic') }];
  const time = [{ required: true, pattern: HHMM, message: t('admin.fieldErrors.from') }];
  return (
    <Form<MallDepartments>
      form={form}
      layout="vertical"
      initialValues={initial}
      aria-label={t('admin.departments.title')}
      onValuesChange={() => {
        save.reset();
        errors.clear();
      }}
      onFinish={(values) =>
        save.mutate({ departments: values.departments.map((department) => ({ ...department, managerStaffId: department.managerStaffId ?? null, roster: department.roster ?? [] })) }, { onError: (error) => void errors.show(error) })
      }
    >
      <p className="muted">{t('admin.departments.hint')}</p>
      <Form.List name="departments">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => {
              const id = departments?.[field.name]?.id;
              return (
                <Card
                  key={field.key}
                  size="small"
                  className="admin-card"
                  title={id ? t(`departments.${id}`, { defaultValue: departments?.[field.name]?.name ?? id }) : t('admin.departments.new')}
                  extra={
                    <Button size="small" autoInsertSpace={false} onClick={() => remove(field.name)} aria-label={t('admin.departments.remove', { department: id ?? '' })}>
                      {t('admin.form.remove')}
                    </Button>
                  }
                >
                  <div className="admin-row">
                    <Form.Item name={[field.name, 'id']} label={t('admin.departments.id')} rules={required}>
                      <Input disabled={id !== undefined && existing.has(id)} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'name']} label={t('admin.departments.name')} rules={required}>
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'nameEn']} label={t('admin.departments.nameEn')} rules={required}>
                      <Input style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'managerStaffId']} label={t('admin.departments.manager')}>
                      <Select allowClear style={{ width: 240 }} options={staffOf(id)} />
                    </Form.Item>
                  </div>
                  <Form.List name={[field.name, 'roster']}>
                    {(shifts, roster) => (
                      <fieldset className="plain-fieldset">
                        <legend>{t('admin.departments.roster')}</legend>
                        {shifts.map((shift) => (
                          <div key={shift.key} className="admin-row">
                            <Form.Item name={[shift.name, 'staffId']} label={t('admin.departments.staff')} rules={required}>
                              <Select style={{ width: 220 }} options={staffOf(id)} />
                            </Form.Item>
                            {/* No required rule: it would put aria-required on the group's div (axe); the API says when no day is chosen. */}
                            <Form.Item name={[shift.name, 'days']} label={t('admin.departments.days')}>
                              <Checkbox.Group options={WEEKDAYS.map((day) => ({ value: day, label: t(`admin.weekdays.${day}`) }))} />
                            </Form.Item>
                            <Form.Item name={[shift.name, 'from']} label={t('admin.departments.from')} rules={time}>
                              <Input placeholder="08:00" style={{ width: 90 }} />
                            </Form.Item>
                            <Form.Item name={[shift.name, 'to']} label={t('admin.departments.to')} extra={t('admin.departments.toHint')} rules={time}>
                              <Input placeholder="16:00" style={{ width: 90 }} />
                            </Form.Item>
                            <Button autoInsertSpace={false} onClick={() => roster.remove(shift.name)} style={{ marginTop: 30 }} aria-label={t('admin.departments.removeShift', { n: shift.name + 1 })}>
                              {t('admin.form.remove')}
                            </Button>
                          </div>
                        ))}
                        <Button size="small" onClick={() => roster.add({ staffId: undefined, days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' })}>
                          {t('admin.departments.addShift')}
                        </Button>
                      </fieldset>
                    )}
                  </Form.List>
                </Card>
              );
            })}
            <Button onClick={() => add({ id: '', name: '', nameEn: '', managerStaffId: null, roster: [] })} style={{ marginBottom: 12 }}>
              {t('admin.departments.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.ErrorList errors={errors.listErrors('departments')} />
      <SaveBar pending={save.isPending} result={save.data} error={save.error} />
    </Form>
  );
};
