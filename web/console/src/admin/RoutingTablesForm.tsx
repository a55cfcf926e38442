import { Button, Form, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, COMPLAINANT_TYPES } from '../desk/channel-fields';
import { useApiErrors, useSaveRouting } from './org-data';
import type { HandlingRule, OwningRule, RoutingTables } from './policy-data';
import { SaveBar } from './SaveBar';
import './admin.css';

const TABLES = ['owningDepartmentByComplainantType', 'handlingDepartmentRules'] as const;
type Table = (typeof TABLES)[number];

interface Values {
  owningDepartmentByComplainantType: Partial<OwningRule>[];
  handlingDepartmentRules: Partial<HandlingRule>[];
}

/** A new rule's id: the first `route-n` no other rule has (the API wants ids unique and stable). */
const withIds = (rules: Partial<HandlingRule>[]): HandlingRule[] => {
  const taken = new Set(rules.map((rule) => rule.id).filter(Boolean));
  let n = 0;
  return rules.map((rule) => {
    if (rule.id) return rule as HandlingRule;
    do n += 1;
    while (taken.has(`route-${n}`));
    taken.add(`route-${n}`);
    return { ...rule, id: `route-${n}` } as HandlingRule;
  });
};

/**
 * Routing tables as forms (DOMAIN §2, §5): complainant type → owning department, and category →
 * handling department, first matching rule wins. A mall may keep its own table or follow the group's.
 */
export const RoutingTablesForm = ({
  mallId,
  tables,
  own,
  departments,
}: {
  /** null: the group's tables. */
  mallId: string | null;
  /** The tables in force (the mall's own, else the group's). */
  tables: RoutingTables;
  /** Which tables the mall keeps itself (a group's are all its own). */
  own: Record<Table, boolean>;
  departments: { value: string; label: string }[];
}) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveRouting(mallId);
  const errors = useApiErrors(form, t, [...TABLES]);
  const [keeps, setKeeps] = useState(own);
  const initial: Values = {
    owningDepartmentByComplainantType: COMPLAINANT_TYPES.map(
      (type) => tables.owningDepartmentByComplainantType.find((rule) => rule.complainantType === type) ?? { id: `owning-${type}`, complainantType: type },
    ),
    handlingDepartmentRules: tables.handlingDepartmentRules,
  };
  const categoryOptions = [...CATEGORIES.map((category) => ({ value: category, label: t(`categories.${category}`) })), { value: '*', label: t('admin.routing.anyCategory') }];
  const required = [{ required: true, message: t('admin.fieldErrors.departmentId') }];
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      aria-label={mallId ? t('admin.routing.mallTitle') : t('admin.routing.groupTitle')}
      onValuesChange={() => {
        save.reset();
        errors.clear();
      }}
      onFinish={() => {
        // Every value, also those no field shows (each rule's id and complainant type).
        const values = form.getFieldsValue(true) as Values;
        save.mutate(
          {
            ...(keeps.owningDepartmentByComplainantType ? { owningDepartmentByComplainantType: values.owningDepartmentByComplainantType as OwningRule[] } : {}),
            ...(keeps.handlingDepartmentRules ? { handlingDepartmentRules: withIds(values.handlingDepartmentRules) } : {}),
          },
          { onError: (error) => void errors.show(error) },
        );
      }}
    >
      <h2 className="panel-title">{mallId ? t('admin.routing.mallTitle') : t('admin.routing.groupTitle')}</h2>
      <p className="muted">{t('admin.routing.hint')}</p>
      {TABLES.map((table) => (
        <fieldset key={table} className="plain-fieldset">
          <legend>{t(`admin.routing.${table}`)}</legend>
          {mallId && (
            <label className="admin-row" style={{ marginBottom: 8 }}>
              <Switch
                checked={keeps[table]}
                onChange={(checked) => {
                  setKeeps({ ...keeps, [table]: checked });
                  save.reset();
                }}
              />
              <span>{keeps[table] ? t('admin.routing.ownTable') : t('admin.routing.followsGroup')}</span>
            </label>
          )}
          {table === 'owningDepartmentByComplainantType' ? (
            <Form.List name={table}>
              {(fields) =>
                fields.map((field) => {
                  const type = initial.owningDepartmentByComplainantType[field.name]?.complainantType ?? '';
                  return (
                    <Form.Item key={field.key} name={[field.name, 'departmentId']} label={t(`complainantTypes.${type}`)} rules={required}>
                      <Select style={{ width: 240 }} disabled={!keeps[table]} options={departments} />
                    </Form.Item>
                  );
                })
              }
            </Form.List>
          ) : (
            <Form.List name={table}>
              {(fields, { add, remove, move }) => (
                <>
                  <ol className="routing-rules">
                    {fields.map((field, index) => (
                      <li key={field.key} className="admin-row">
                        <Form.Item name={[field.name, 'categories']} label={t('admin.routing.categories')} rules={[{ required: true, message: t('admin.fieldErrors.categories') }]}>
                          <Select mode="multiple" style={{ width: 420 }} disabled={!keeps[table]} options={categoryOptions} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'departmentId']} label={t('admin.routing.department')} rules={required}>
                          <Select style={{ width: 200 }} disabled={!keeps[table]} options={departments} />
                        </Form.Item>
                        {keeps[table] && (
                          <span style={{ marginTop: 30, display: 'inline-flex', gap: 4 }}>
                            <Button size="small" disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={t('admin.routing.up', { n: index + 1 })}>
                              ↑
                            </Button>
                            <Button size="small" disabled={index === fields.length - 1} onClick={() => move(index, index + 1)} aria-label={t('admin.routing.down', { n: index + 1 })}>
                              ↓
                            </Button>
                            <Button size="small" autoInsertSpace={false} onClick={() => remove(index)} aria-label={t('admin.routing.remove', { n: index + 1 })}>
                              {t('admin.form.remove')}
                            </Button>
                          </span>
                        )}
                      </li>
                    ))}
                  </ol>
                  {keeps[table] && <Button onClick={() => add({ categories: [] })}>{t('admin.routing.add')}</Button>}
                </>
              )}
            </Form.List>
          )}
          <Form.ErrorList errors={errors.listErrors(table)} />
        </fieldset>
      ))}
      <SaveBar pending={save.isPending} result={save.data} error={save.error} />
    </Form>
  );
};
