import { Checkbox, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../desk/channel-fields';
import { useApiErrors, useSaveProfile, type MallProfile } from './org-data';
import type { MallView } from './policy-data';
import { SaveBar } from './SaveBar';

const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai'];

type Values = MallProfile & { mallId: string };

/** The mall's name, city, time zone and the channels it takes complaints on; with no mall, a new one (group admins). */
export const MallProfileForm = ({ mall, onAdded }: { mall: MallView | null; onAdded?: (mallId: string) => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveProfile();
  const errors = useApiErrors(form, t, [], 'profile');
  const initial: Values = mall
    ? { mallId: mall.id, name: mall.name, nameEn: mall.nameEn, city: mall.city, timeZone: mall.timeZone, enabledChannels: mall.enabledChannels as MallProfile['enabledChannels'] }
    : { mallId: '', name: '', nameEn: '', city: '', timeZone: 'Asia/Shanghai', enabledChannels: [...CHANNELS] };
  const required = [{ required: true, message: t('admin.fieldErrors.generic') }];
  const title = mall ? t('admin.profile.title') : t('admin.profile.addTitle');
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      aria-label={title}
      onValuesChange={() => save.reset()}
      onFinish={(values) =>
        save.mutate({ ...values, mallId: mall?.id ?? values.mallId }, { onSuccess: () => onAdded?.(values.mallId), onError: (error) => void errors.show(error) })
      }
    >
      <h2 className="panel-title">{title}</h2>
      {!mall && (
        <Form.Item name="mallId" label={t('admin.profile.mallId')} extra={t('admin.profile.mallIdHint')} rules={[{ required: true, pattern: /^[A-Z0-9]{2,8}$/, message: t('admin.fieldErrors.mallCode') }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('admin.profile.name')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="nameEn" label={t('admin.profile.nameEn')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="city" label={t('admin.profile.city')} rules={required}>
        <Input />
      </Form.Item>
      <Form.Item name="timeZone" label={t('admin.profile.timeZone')} extra={t('admin.profile.timeZoneHint')} rules={required}>
        <Select showSearch options={TIME_ZONES.map((zone) => ({ value: zone, label: zone }))} />
      </Form.Item>
      <Form.Item name="enabledChannels" label={t('admin.profile.channels')}>
        <Checkbox.Group options={CHANNELS.map((channel) => ({ value: channel, label: t(`channels.${channel}`) }))} />
      </Form.Item>
      <SaveBar pending={save.isPending} result={save.data} error={save.error} />
    </Form>
  );
};
