import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analytics, body } from '../api/client';
import { can } from '../auth/permissions';
import { useIdentity } from '../auth/session';
import { formatTime } from '../common/time';
import '../i18n/steering';
import { download } from '../reports/api';
import { currentMonth, twelveMonthsTo } from '../reports/format';
import '../reports/steering.css';
import type { ReportPack, ReportPackPage } from '../reports/report-types';

const PAGE_SIZE = 50;

/** The monthly packs the job stored: listed, downloaded, and produced again by a group admin. */
const PacksPage = () => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [month, setMonth] = useState(twelveMonthsTo(currentMonth())[10]);
  const [failed, setFailed] = useState(false);
  const packs = useQuery({
    queryKey: ['packs', page],
    queryFn: () => body<ReportPackPage>(analytics.GET('/analytics/packs', { params: { query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
  });
  const run = useMutation({
    mutationFn: () => body<unknown>(analytics.POST('/analytics/packs/run', { params: { query: { month, wait: true } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['packs'] }),
  });
  return (
    <>
      <h1 className="page-title">{t('hq.packs.title')}</h1>
      {can(identity, 'pack.run') && (
        <div className="toolbar">
          <Space role="group" aria-label={t('hq.packs.run')}>
            <Select aria-label={t('month.month')} style={{ width: 130 }} value={month} onChange={setMonth} options={twelveMonthsTo(currentMonth()).reverse().map((value) => ({ value, label: value }))} />
            <Button type="primary" loading={run.isPending} onClick={() => run.mutate()}>
              {t('hq.packs.run')}
            </Button>
          </Space>
          {run.isSuccess && <Alert type="success" showIcon title={t('hq.packs.ran', { month })} />}
          {run.isError && <Alert type="error" showIcon title={t('hq.packs.runFailed')} />}
        </div>
      )}
      {(packs.error || failed) && <Alert type="error" showIcon title={failed ? t('month.downloadFailed') : t('gm.loadFailed')} />}
      <Table<ReportPack>
        rowKey="id"
        size="small"
        loading={packs.isLoading}
        dataSource={packs.data?.packs ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: packs.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('common.total', { count: total }) }}
        columns={[
          { title: t('month.month'), dataIndex: 'month', key: 'month' },
          { title: t('hq.packs.scope'), key: 'scope', render: (_, pack) => (pack.scope === 'hq' ? t('hq.packs.group') : pack.scope) },
          { title: t('hq.packs.kind'), key: 'kind', render: (_, pack) => t(`hq.packs.kinds.${pack.kind}`, { defaultValue: pack.kind }) },
          { title: t('hq.packs.producedAt'), key: 'producedAt', render: (_, pack) => formatTime(pack.producedAt) },
          { title: t('hq.packs.size'), key: 'size', render: (_, pack) => `${Math.max(1, Math.round(pack.byteLength / 1024))} KB` },
          {
            title: t('month.exports'),
            key: 'download',
            render: (_, pack) => (
              <Button
                size="small"
                onClick={() =>
                  download(`/analytics/packs/${pack.id}`, pack.fileName).then(
                    () => setFailed(false),
                    () => setFailed(true),
                  )
                }
              >
                {pack.fileName}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
};

export default PacksPage;
