import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useRef, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { body, intake } from '../api/client';
import type { components } from '../api/generated/intake';
import { fieldErrorsOf } from '../api/problem';
import type { Registered } from '../api/views';
import { dayjs, MALL_TIME_ZONE } from '../common/time';
import { isUploading, referencesOf, type AttachmentFile } from '../attachments/attachments';
import { CATEGORIES, CHANNEL_FIELDS, CHANNELS, COMPLAINANT_TYPES, isTenant, KINDS, type Channel, type ChannelField } from './channel-fields';

// antd's Upload is not needed to start typing: it follows the form's first paint.
const LazyUpload = lazy(() => import('./AttachmentUpload'));
const AttachmentUpload = (props: ComponentProps<typeof LazyUpload>) => (
  <Suspense fallback={null}>
    <LazyUpload {...props} />
  </Suspense>
);

export type RegisterValues = {
  kind: (typeof KINDS)[number];
  channel: Channel;
  category?: (typeof CATEGORIES)[number];
  complainantType: (typeof COMPLAINANT_TYPES)[number];
  description?: string;
  receivedAt?: Dayjs;
  businessAffected?: boolean;
  tenantUnit?: string;
  reporterName?: string;
  groupSize?: number;
  written?: boolean;
  answer?: string;
  location?: string;
  attachments?: AttachmentFile[];
} & Partial<Record<ChannelField, string>>;

type RegisterBody = components['schemas']['RegisterComplaintDto'];

const blankToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);

/** The request intake takes: empty inputs left out (so intake names what is missing), times in ISO. */
export const registrationOf = ({ attachments, ...values }: RegisterValues, mallId: string): RegisterBody => {
  const references = referencesOf(attachments);
  const entries = Object.entries(values).map(([key, value]) => [key, key === 'receivedAt' ? (value ? (value as Dayjs).toISOString() : undefined) : blankToUndefined(value)]);
  const defined = Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== false && value !== null));
  return { ...defined, ...(references.length > 0 ? { attachments: references } : {}), mallId } as RegisterBody;
};

export const DEFAULT_VALUES: Partial<RegisterValues> = { kind: 'complaint', channel: 'walk-in', complainantType: 'consumer', businessAffected: false };

export const RegisterForm = ({ mallId, onRegistered }: { mallId: string; onRegistered: (answer: Registered) => void }) => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<RegisterValues>();
  const queryClient = useQueryClient();
  const channel = (Form.useWatch('channel', form) ?? 'walk-in') as Channel;
  const kind = Form.useWatch('kind', form);
  const complainantType = Form.useWatch('complainantType', form);
  const uploading = isUploading(Form.useWatch('attachments', form));
  const [failed, setFailed] = useState(false);
  const description = useRef<TextAreaRef>(null);
  // One key per form filled in: a double click or a retry after a timeout registers once.
  const idempotencyKey = useRef(crypto.randomUUID());

  const register = useMutation({
    mutationFn: (values: RegisterValues) =>
      body<Registered>(intake.POST('/complaints', { body: registrationOf(values, mallId), params: { header: { 'idempotency-key': idempotencyKey.current } } })),
    onSuccess: (answer) => {
      idempotencyKey.current = crypto.randomUUID();
      void queryClient.invalidateQueries({ queryKey: ['registrations'] });
      onRegistered(answer);
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, t, (key) => i18n.exists(key));
      setFailed(true);
      form.setFields(Object.entries(errors).map(([name, message]) => ({ name: name as keyof RegisterValues, errors: [message] })));
    },
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && event.key === 'Enter') {
        event.preventDefault();
        form.submit();
      } else if (event.altKey && (event.key === 'd' || event.key === 'D')) {
        event.preventDefault();
        description.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [form]);

  const { required, optional } = CHANNEL_FIELDS[channel];
  const channelFields = [...required, ...optional];
  const label = (field: string) => t(`desk.${field}`);

  return (
    <Form<RegisterValues>
      form={form}
      layout="vertical"
      initialValues={{ ...DEFAULT_VALUES, receivedAt: dayjs().tz(MALL_TIME_ZONE) }}
      onFinish={(values) => {
        setFailed(false);
        register.mutate(values);
      }}
      onValuesChange={(changed: Partial<RegisterValues>) => {
        setFailed(false);
        // The API's message on a field goes once the field is changed.
        form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof RegisterValues, errors: [] })));
      }}
      aria-label={t('desk.title')}
    >
      {failed && <Alert role="alert" type="error" showIcon style={{ marginBottom: 16 }} title={t('desk.fixErrors')} />}
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name="kind" label={label('kind')} required>
            <Select options={KINDS.map((value) => ({ value, label: t(`kinds.${value}`) }))} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="channel" label={label('channel')} required>
            <Select options={CHANNELS.map((value) => ({ value, label: t(`channels.${value}`) }))} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="category" label={label('category')} required>
            <Select options={CATEGORIES.map((value) => ({ value, label: t(`categories.${value}`) }))} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="complainantType" label={label('complainantType')} required>
            <Select options={COMPLAINANT_TYPES.map((value) => ({ value, label: t(`complainantTypes.${value}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={label('description')} extra={t('desk.descriptionHint')} required>
        <Input.TextArea ref={description} rows={3} maxLength={4000} showCount />
      </Form.Item>
      <Row gutter={16}>
        {channelFields.map((field) => (
          <Col span={8} key={`${channel}-${field}`}>
            <Form.Item name={field} label={label(field)} required={required.includes(field)}>
              <Input />
            </Form.Item>
          </Col>
        ))}
        <Col span={8}>
          <Form.Item name="reporterName" label={label('reporterName')}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="receivedAt" label={label('receivedAt')}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(date) => date.isAfter(dayjs())} />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item name="businessAffected" label={label('businessAffected')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item name="tenantUnit" label={label('tenantUnit')} required={isTenant(complainantType)}>
            <Input placeholder="L2-018" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="groupSize" label={label('groupSize')}>
            <InputNumber min={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {!channelFields.includes('location') && (
        <Form.Item name="location" label={label('location')}>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="attachments" label={label('attachments')} extra={t('desk.attachmentsHint')} valuePropName="value">
        <AttachmentUpload />
      </Form.Item>
      {kind === 'inquiry' && (
        <Form.Item name="answer" label={label('answer')} required>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" size="large" loading={register.isPending} disabled={uploading}>
        {kind === 'inquiry' ? t('desk.registerInquiry') : t('desk.register')}
      </Button>
    </Form>
  );
};
