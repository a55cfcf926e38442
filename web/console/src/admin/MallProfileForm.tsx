import { Checkbox, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../desk/channel-fields';
import { useApiErrors, useSaveProfile, type MallProfile } from './org-data';
import type { MallView } from './policy-data';
import { SaveBar } from './SaveBar';

const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai'];

/** The mall's name, city, time zone and the channels it takes complaints on. */
export const MallProfileForm = ({ mall }: { mall: MallView }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<MallProfile>();
  const save = useSaveProfile(mall.id);
  const errors = useApiErrors(form, t, [], 'profile');
  const initial: MallProfile = { name: mall.name, nameEn: mall.nameEn, city: mall.city, timeZone: mall.timeZone, enabledChannels: mall.enabledChannels as MallProfile['enabledChannels'] };
  const required = [{ required: true, message: t('admin.fieldErrors.generic') }];
  return (
    <Form<MallProfile>
      form={form}
      layout="vertical"
      initialValues={initial}
      aria-label={t('admin.profile.title')}
      onValuesChange={() => save.reset()}
      onFinish={(values) => save.mutate(values, { onError: (error) => void errors.show(error) })}
    >
      <h2 className="panel-title">{t('admin.profile.title')}</h2>
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
