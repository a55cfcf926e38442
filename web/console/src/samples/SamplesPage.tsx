import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, fieldErrorsOf, ruleMessageOf } from '../api/problem';
import { usePolicy } from '../admin/policy-data';
import { formatTime } from '../common/time';
import '../i18n/steering';
import '../reports/steering.css';
import { SAMPLE_PAGE_SIZE, summaryOf, useDrawSample, useMallCallback, useRecordSample, useSamples, type SampleCallback, type SampledCase } from './samples-data';

const METHODS: SampleCallback['method'][] = ['phone', 'visit', 'letter', 'wechat'];
const SATISFACTION: NonNullable<SampleCallback['satisfaction']>[] = ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied'];

/** A refusal in words: a mall with nothing left to sample is said so, the rest as the console says them. */
const useRefusal = () => {
  const { t, i18n } = useTranslation();
  return (error: unknown): string =>
    error instanceof ApiError && error.problem.code === 'CALLBACK_NOTHING_TO_SAMPLE' ? t('samples.nothingToSample') : ruleMessageOf(error, t, (key) => i18n.exists(key));
};

const RecordDialog = ({ sampled, onClose }: { sampled: SampledCase; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<SampleCallback>();
  const reached = Form.useWatch('reached', form) as boolean | undefined;
  const record = useRecordSample(sampled);
  const refusalOf = useRefusal();
  const [refusal, setRefusal] = useState<string | null>(null);
  const submit = (values: SampleCallback) =>
    record.mutate(values.reached ? values : { method: values.method, reached: false, ...(values.comment ? { comment: values.comment } : {}) }, {
      onSuccess: onClose,
      onError: (error) => {
        const errors = fieldErrorsOf(error, t, (key) => i18n.exists(key));
        form.setFields(Object.entries(errors).map(([name, message]) => ({ name: name as keyof SampleCallback, errors: [message] })));
        setRefusal(Object.keys(errors).length > 0 ? null : refusalOf(error));
      },
    });
  return (
    <Modal
      open
      title={t('samples.recordTitle', { caseNumber: sampled.caseNumber ?? sampled.complaintId })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={record.isPending}
    >
      {refusal && <Alert role="alert" type="error" showIcon style={{ marginBottom: 12 }} title={refusal} />}
      <Form<SampleCallback> form={form} layout="vertical" initialValues={{ method: 'phone', reached: true, solved: true }} onFinish={submit}>
        <Form.Item name="method" label={t('callbacks.method')} required>
          <Select options={METHODS.map((value) => ({ value, label: t(`callbackMethods.${value}`) }))} />
        </Form.Item>
        <Form.Item name="reached" label={t('callbacks.reached')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {reached !== false && (
          <>
            <Form.Item name="satisfaction" label={t('callbacks.satisfaction')} rules={[{ required: true, message: t('samples.satisfactionRequired') }]}>
              <Radio.Group optionType="button" options={SATISFACTION.map((value) => ({ value, label: t(`satisfaction.${value}`) }))} />
            </Form.Item>
            <Form.Item name="solved" label={t('callbacks.solved')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
        <Form.Item name="comment" label={t('callbacks.comment')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

const HqResult = ({ sampled }: { sampled: SampledCase }) => {
  const { t } = useTranslation();
  const result = sampled.result;
  if (!result) return <Tag>{t('samples.notCalled')}</Tag>;
  if (!result.reached) return <Tag className="tag-warn">{`${t('timeline.notReached')} · ${t(`callbackMethods.${result.method}`)}`}</Tag>;
  return (
    <span>
      <Tag className={result.satisfaction === 'very-satisfied' || result.satisfaction === 'satisfied' ? 'tag-good' : 'tag-bad'}>
        {t(`satisfaction.${result.satisfaction ?? ''}`, { defaultValue: result.satisfaction ?? '' })}
      </Tag>
      {result.solved ? t('timeline.solved') : t('timeline.notSolved')}
      {result.comment ? ` · ${result.comment}` : ''}
    </span>
  );
};

const MallResult = ({ complaintId }: { complaintId: string }) => {
  const { t } = useTranslation();
  const callback = useMallCallback(complaintId);
  if (callback.isLoading) return <span className="muted">…</span>;
  const satisfaction = callback.data?.satisfaction;
  if (!satisfaction) {
    const closedBecause = callback.data?.closedBecause;
    return <span className="muted">{closedBecause ? t(`samples.closedBecause.${closedBecause}`, { defaultValue: closedBecause }) : callback.data?.status === 'due' ? t('samples.notCalled') : '—'}</span>;
  }
  return <span>{t(`satisfaction.${satisfaction}`, { defaultValue: satisfaction })}</span>;
};

/** HQ's independent sample callbacks 集团抽样回访 of major/critical cases: draw, call, and read HQ's results beside the malls' own. */
const SamplesPage = () => {
  const { t } = useTranslation();
  const policy = usePolicy();
  const malls = policy.data?.malls ?? [];
  const [mallId, setMallId] = useState<string | undefined>(undefined);
  const [size, setSize] = useState(5);
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<SampledCase | null>(null);
  const samples = useSamples(mallId, page);
  const draw = useDrawSample();
  const refusalOf = useRefusal();
  const items = samples.data?.items ?? [];
  const summary = summaryOf(items);

  return (
    <>
      <h1 className="page-title">{t('samples.title')}</h1>
      <div className="toolbar">
        <Select
          aria-label={t('hq.rollup.mall')}
          placeholder={t('samples.allMalls')}
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 220 }}
          value={mallId}
          onChange={(value: string | undefined) => {
            setPage(1);
            setMallId(value);
          }}
          options={malls.map((mall) => ({ value: mall.id, label: `${mall.name} (${mall.id})` }))}
        />
        <Space>
          <label htmlFor="sample-size">{t('samples.size')}</label>
          <InputNumber id="sample-size" min={1} max={100} value={size} onChange={(value) => setSize(value ?? 1)} />
          <Button type="primary" disabled={!mallId} loading={draw.isPending} onClick={() => mallId && draw.mutate({ mallId, size })}>
            {t('samples.draw')}
          </Button>
        </Space>
      </div>
      {!mallId && <p className="muted">{t('samples.chooseMall')}</p>}
      {draw.data && (
        <Alert type="success" showIcon data-testid="drawn" title={t('samples.drawn', { count: draw.data.cases.length, eligible: draw.data.eligible, mall: draw.data.mallId })} />
      )}
      {draw.error && <Alert role="alert" type="error" showIcon title={refusalOf(draw.error)} />}
      {samples.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      <section className="panel steer-section" aria-labelledby="samples-summary" data-testid="samples-summary">
        <h2 id="samples-summary" className="panel-title">
          {t('samples.summary')}
        </h2>
        <p>{t('samples.summaryLine', summary)}</p>
        <p className="muted">{t('samples.apart')}</p>
      </section>
      <Table<SampledCase>
        rowKey={(row) => `${row.sampleId}:${row.complaintId}`}
        size="small"
        data-testid="samples"
        loading={samples.isLoading}
        dataSource={items}
        pagination={{ current: page, pageSize: SAMPLE_PAGE_SIZE, total: samples.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('common.total', { count: total }) }}
        columns={[
          { title: t('gm.caseNumber'), key: 'caseNumber', render: (_, row) => <Link to={`/case/${row.complaintId}`}>{row.caseNumber ?? row.complaintId}</Link> },
          { title: t('hq.rollup.mall'), dataIndex: 'mallId', key: 'mall' },
          { title: t('gm.severity'), key: 'severity', render: (_, row) => t(`severities.${row.severity}`, { defaultValue: row.severity }) },
          { title: t('samples.drawnAt'), key: 'drawnAt', render: (_, row) => formatTime(row.drawnAt) },
          { title: t('samples.hqResult'), key: 'hq', render: (_, row) => <HqResult sampled={row} /> },
          { title: t('samples.mallResult'), key: 'mall-result', render: (_, row) => <MallResult complaintId={row.complaintId} /> },
          {
            title: t('case.actions'),
            key: 'actions',
            render: (_, row) =>
              row.result ? (
                <span className="muted">{formatTime(row.result.recordedAt)}</span>
              ) : (
                <Button size="small" type="primary" onClick={() => setRecording(row)}>
                  {t('samples.record')}
                </Button>
              ),
          },
        ]}
      />
      {recording && <RecordDialog sampled={recording} onClose={() => setRecording(null)} />}
    </>
  );
};

export default SamplesPage;
