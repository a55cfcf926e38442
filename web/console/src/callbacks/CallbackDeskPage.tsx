import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { body, callbacks } from '../api/client';
import { fieldErrorsOf, ruleMessageOf } from '../api/problem';
import type { DueCallback, Page } from '../api/views';
import { canActInMall } from '../auth/permissions';
import { useIdentity } from '../auth/session';
import { usePollInterval } from '../live/live';
import { useAllPages } from '../queue/queue-data';
import { formatTime, inMall } from '../common/time';

const METHODS = ['phone', 'visit', 'letter', 'wechat'] as const;
const SATISFACTION = ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied'] as const;
type Bucket = 'overdue' | 'today' | 'later';

/** Overdue, due today (mall day) or later: the desk works them in that order, each by deadline. */
export const bucketOf = (callback: Pick<DueCallback, 'dueAt' | 'overdue'>, now: Date = new Date()): Bucket => {
  if (callback.overdue || Date.parse(callback.dueAt) < now.getTime()) return 'overdue';
  return inMall(callback.dueAt).isSame(inMall(now), 'day') ? 'today' : 'later';
};

const useCallbackQueue = (mallId: string | null) => {
  const refetchInterval = usePollInterval();
  const queue = useInfiniteQuery({
    queryKey: ['callbacks', mallId ?? 'all'],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => body<Page<DueCallback>>(callbacks.GET('/callbacks', { params: { query: { ...(mallId ? { mallId } : {}), limit: 200, offset: pageParam } } })),
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    refetchInterval,
  });
  useAllPages(queue);
  const items = useMemo(() => (queue.data?.pages.flatMap((page) => page.items) ?? []).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)), [queue.data]);
  return { items, isLoading: queue.isLoading };
};

type Dialog = { kind: 'attempt' | 'outcome'; callback: DueCallback };

const RecordDialog = ({ dialog, onClose }: { dialog: Dialog; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Record<string, unknown>>();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const satisfaction = Form.useWatch('satisfaction', form) as string | undefined;
  const solved = Form.useWatch('solved', form) as boolean | undefined;
  const complaintId = dialog.callback.complaintId;
  const record = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      dialog.kind === 'attempt'
        ? body(callbacks.POST('/callbacks/{complaintId}/attempts', { params: { path: { complaintId } }, body: values as never }))
        : body(callbacks.POST('/callbacks/{complaintId}/outcome', { params: { path: { complaintId } }, body: values as never })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
      for (const key of ['case', 'timeline', 'complaint']) void queryClient.invalidateQueries({ queryKey: [key, complaintId] });
      onClose();
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, t, (key) => i18n.exists(key));
      form.setFields(Object.entries(errors).map(([name, message]) => ({ name, errors: [message] })));
      setRefusal(Object.keys(errors).length > 0 ? null : ruleMessageOf(error, t, (key) => i18n.exists(key)));
    },
  });
  const sendsBack = dialog.kind === 'outcome' && satisfaction !== undefined && (!['very-satisfied', 'satisfied'].includes(satisfaction) || solved === false);
  return (
    <Modal
      open
      title={`${t(dialog.kind === 'attempt' ? 'callbacks.recordAttempt' : 'callbacks.recordOutcome')} · ${dialog.callback.caseNumber ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={record.isPending}
    >
      {refusal && <Alert role="alert" type="error" showIcon style={{ marginBottom: 12 }} title={refusal} />}
      <Form form={form} layout="vertical" initialValues={{ method: 'phone', reached: true, solved: true, tenantConfirmed: false }} onFinish={(values) => record.mutate(values)}>
        <Form.Item name="method" label={t('callbacks.method')} required>
          <Select options={METHODS.map((value) => ({ value, label: t(`callbackMethods.${value}`) }))} />
        </Form.Item>
        {dialog.kind === 'attempt' ? (
          <>
            <Form.Item name="reached" label={t('callbacks.reached')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="notes" label={t('callbacks.notes')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="satisfaction" label={t('callbacks.satisfaction')} required>
              <Radio.Group optionType="button" options={SATISFACTION.map((value) => ({ value, label: t(`satisfaction.${value}`) }))} />
            </Form.Item>
            <Form.Item name="solved" label={t('callbacks.solved')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="tenantConfirmed" label={t('callbacks.tenantConfirmed')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="comment" label={t('callbacks.comment')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            {sendsBack && <Alert type="warning" showIcon title={t('callbacks.reopenWarning')} data-testid="reopen-warning" />}
          </>
        )}
      </Form>
    </Modal>
  );
};

const CallbackDeskPage = () => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const queue = useCallbackQueue(identity.mallId);
  const [bucket, setBucket] = useState<Bucket | 'all'>('all');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const mayRecord = canActInMall(identity, 'callback.record');
  const counts = useMemo(() => {
    const result: Record<Bucket | 'all', DueCallback[]> = { all: queue.items, overdue: [], today: [], later: [] };
    for (const item of queue.items) result[bucketOf(item)].push(item);
    return result;
  }, [queue.items]);
  return (
    <>
      <h1 className="page-title">{t('callbacks.title')}</h1>
      <Tabs
        activeKey={bucket}
        onChange={(key) => setBucket(key as Bucket | 'all')}
        items={(['all', 'overdue', 'today', 'later'] as const).map((key) => ({ key, label: `${t(key === 'all' ? 'common.all' : `callbacks.${key}`)} (${counts[key].length})` }))}
      />
      <Table<DueCallback>
        rowKey="complaintId"
        size="middle"
        loading={queue.isLoading}
        dataSource={counts[bucket]}
        pagination={{ pageSize: 50 }}
        locale={{ emptyText: <span className="muted">{t('callbacks.empty')}</span> }}
        columns={[
          { title: t('desk.caseNumber'), dataIndex: 'caseNumber', render: (value: string | null, row) => <Link to={`/case/${row.complaintId}`}>{value ?? row.complaintId}</Link> },
          {
            title: t('callbacks.dueAt'),
            dataIndex: 'dueAt',
            render: (value: string, row) => (
              <span className={bucketOf(row) === 'overdue' ? 'sla-breached' : undefined}>
                {formatTime(value)} <Tag>{t(`callbacks.${bucketOf(row)}`)}</Tag>
              </span>
            ),
          },
          { title: t('callbacks.owning'), dataIndex: 'owningDepartmentId', render: (value: string) => t(`departments.${value}`, { defaultValue: value }) },
          { title: t('callbacks.round'), dataIndex: 'round' },
          { title: t('callbacks.attempts'), dataIndex: 'attempts', render: (value: number, row) => (row.failedAttempts > 0 ? <Tag color="orange">{`${value} / ${row.failedAttempts}×`}</Tag> : value) },
          {
            title: t('case.actions'),
            key: 'actions',
            render: (_value, row) =>
              mayRecord && (
                <Space>
                  <Button size="small" onClick={() => setDialog({ kind: 'attempt', callback: row })}>
                    {t('callbacks.recordAttempt')}
                  </Button>
                  <Button size="small" type="primary" onClick={() => setDialog({ kind: 'outcome', callback: row })}>
                    {t('callbacks.recordOutcome')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {dialog && <RecordDialog dialog={dialog} onClose={() => setDialog(null)} />}
    </>
  );
};

export default CallbackDeskPage;
