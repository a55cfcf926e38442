import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiErrors, useSaveCalendar, type MallCalendar } from './org-data';
import type { MallView } from './policy-data';
import { SaveBar } from './SaveBar';
import './admin.css';

const LISTS = ['closures', 'extraWorkingDates'] as const;

/** The dates of one list: a date (kept as YYYY-MM-DD, the mall's wall calendar) and the reason staff see. */
const DateList = ({ list }: { list: (typeof LISTS)[number] }) => {
  const { t } = useTranslation();
  return (
    <Form.List name={list}>
      {(fields, { add, remove }) => (
        <fieldset className="plain-fieldset">
          <legend>{t(`admin.calendar.${list}`)}</legend>
          {fields.map((field) => (
            <div key={field.key} className="admin-row">
              <Form.Item
                name={[field.name, 'date']}
                label={t('admin.calendar.date')}
                rules={[{ required: true, message: t('admin.fieldErrors.date') }]}
              >
                {/* The browser's own date input (value YYYY-MM-DD): antd's DatePicker is the desk's, and sharing it would split it out of the desk's first screen. */}
                <Input type="date" style={{ width: 170 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'reason']} label={t('admin.calendar.reason')}>
                <Input style={{ width: 240 }} maxLength={200} />
              </Form.Item>
              <Button autoInsertSpace={false} onClick={() => remove(field.name)} aria-label={t('admin.calendar.remove', { n: field.name + 1 })} style={{ marginTop: 30 }}>
                {t('admin.form.remove')}
              </Button>
            </div>
          ))}
          <div>
            <Button onClick={() => add({ date: undefined, reason: '' })}>{t(`admin.calendar.add.${list}`)}</Button>
          </div>
        </fieldset>
      )}
    </Form.List>
  );
};

/** The mall's own dates on top of the national schedule: closures move its working-day clocks. */
export const MallCalendarForm = ({ mall }: { mall: MallView }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<MallCalendar>();
  const save = useSaveCalendar(mall.id);
  const errors = useApiErrors(form, t, [...LISTS]);
  const initial: MallCalendar = { closures: mall.calendar?.closures ?? [], extraWorkingDates: mall.calendar?.extraWorkingDates ?? [] };
  // An empty reason is no reason: the API keeps only what staff will read.
  const cleaned = (dates: MallCalendar['closures']) => (dates ?? []).map(({ date, reason }) => ({ date, ...(reason?.trim() ? { reason: reason.trim() } : {}) }));
  return (
    <Form<MallCalendar>
      form={form}
      layout="vertical"
      initialValues={initial}
      aria-label={t('admin.calendar.title')}
      onValuesChange={() => {
        save.reset();
        errors.clear();
      }}
      onFinish={(values) =>
        save.mutate({ closures: cleaned(values.closures ?? []), extraWorkingDates: cleaned(values.extraWorkingDates ?? []) }, { onError: (error) => void errors.show(error) })
      }
    >
      <h2 className="panel-title">{t('admin.calendar.title')}</h2>
      <p className="muted">{t('admin.calendar.hint')}</p>
      {LISTS.map((list) => (
        <div key={list}>
          <DateList list={list} />
          <Form.ErrorList errors={errors.listErrors(list)} />
        </div>
      ))}
      <SaveBar pending={save.isPending} result={save.data} error={save.error} />
    </Form>
  );
};
