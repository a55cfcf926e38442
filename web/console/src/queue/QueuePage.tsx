import { Checkbox, Select, Space, Table, Tabs, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useIdentity } from '../auth/session';
import { CATEGORIES } from '../desk/channel-fields';
import { isTyping, ShortcutHelp } from '../common/ShortcutHelp';
import { formatTime } from '../common/time';
import { useQueue, type QueueFilters, type QueueRow, type QueueTab } from './queue-data';
import { SlaCountdown } from './SlaCountdown';

const STATUSES = ['open', 'routed', 'accepted', 'verified', 'classified', 'resolution-proposed', 'reopened', 'resolved'] as const;
const SEVERITIES = ['general', 'major', 'critical'] as const;
const TABS: QueueTab[] = ['mine', 'department', 'unassigned'];

const QueuePage = () => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const navigate = useNavigate();
  const [tab, setTab] = useState<QueueTab>(identity.roles.includes('department-handler') ? 'mine' : 'department');
  const [filters, setFilters] = useState<QueueFilters>({ status: 'open' });
  const [selected, setSelected] = useState(0);
  const queue = useQueue(tab, identity, filters);
  const rows = queue.rows;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key === 'j' || event.key === 'ArrowDown') setSelected((index) => Math.min(index + 1, Math.max(rows.length - 1, 0)));
      else if (event.key === 'k' || event.key === 'ArrowUp') setSelected((index) => Math.max(index - 1, 0));
      else if (event.key === 'Enter' && rows[selected]) navigate(`/case/${rows[selected].complaintId}`);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, selected, navigate]);

  const setFilter = (patch: QueueFilters) => {
    setFilters((current) => ({ ...current, ...patch }));
    setSelected(0);
  };

  return (
    <>
      <h1 className="page-title">{t('queue.title')}</h1>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setTab(key as QueueTab);
          setSelected(0);
        }}
        items={TABS.map((key) => ({ key, label: t(`queue.${key}`) }))}
      />
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('queue.filters')} role="group">
        <Select
          aria-label={t('queue.status')}
          style={{ width: 150 }}
          allowClear
          placeholder={t('queue.status')}
          value={filters.status}
          onChange={(status?: QueueFilters['status']) => setFilter({ status })}
          options={STATUSES.map((value) => ({ value, label: t(`caseStatus.${value}`) }))}
        />
        <Select
          aria-label={t('queue.category')}
          style={{ width: 150 }}
          allowClear
          placeholder={t('queue.category')}
          value={filters.category}
          onChange={(category?: QueueFilters['category']) => setFilter({ category })}
          options={CATEGORIES.map((value) => ({ value, label: t(`categories.${value}`) }))}
        />
        <Select
          aria-label={t('queue.severity')}
          style={{ width: 120 }}
          allowClear
          placeholder={t('queue.severity')}
          value={filters.severity}
          onChange={(severity?: QueueFilters['severity']) => setFilter({ severity })}
          options={SEVERITIES.map((value) => ({ value, label: t(`severities.${value}`) }))}
        />
        <Checkbox checked={filters.overdue ?? false} onChange={(event) => setFilter({ overdue: event.target.checked || undefined })}>
          {t('queue.overdue')}
        </Checkbox>
        <span className="muted" data-testid="queue-count">
          {t('queue.loadedOf', { loaded: queue.loaded, total: queue.total })}
        </span>
      </Space>
      <Table<QueueRow>
        virtual
        size="middle"
        rowKey="complaintId"
        loading={queue.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1300, y: 600 }}
        locale={{ emptyText: <span className="muted">{t('queue.empty')}</span> }}
        rowClassName={(_row, index) => (index === selected ? 'queue-row-selected' : '')}
        onRow={(row, index) => ({
          onClick: () => {
            setSelected(index ?? 0);
            navigate(`/case/${row.complaintId}`);
          },
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('queue.caseNumber'), dataIndex: 'caseNumber', width: 190, render: (value: string | null, row) => <a href={`/case/${row.complaintId}`} onClick={(event) => event.preventDefault()}>{value ?? '—'}</a> },
          {
            title: t('queue.countdown'),
            key: 'countdown',
            width: 250,
            render: (_value, row) => <SlaCountdown clocks={row.clocks} fallbackDueAt={row.nearestDeadline} />,
          },
          { title: t('queue.deadline'), key: 'deadline', width: 150, render: (_value, row) => (Number.isFinite(row.deadline) ? formatTime(new Date(row.deadline).toISOString()) : '—') },
          { title: t('queue.status'), dataIndex: 'status', width: 110, render: (value: string) => <Tag>{t(`caseStatus.${value}`)}</Tag> },
          { title: t('queue.severity'), dataIndex: 'severity', width: 90, render: (value: string | null) => (value ? <Tag color={value === 'general' ? undefined : 'red'}>{t(`severities.${value}`)}</Tag> : '—') },
          { title: t('queue.category'), dataIndex: 'category', width: 120, render: (value: string | null) => (value ? t(`categories.${value}`) : '—') },
          { title: t('queue.assignee'), dataIndex: 'assigneeStaffId', width: 160, render: (value: string | null) => value ?? '—' },
          { title: t('queue.summary'), dataIndex: 'summary', ellipsis: true, render: (value: string | null) => value ?? '' },
        ]}
      />
      <ShortcutHelp keys={['shortcuts.next', 'shortcuts.previous', 'shortcuts.openRow']} />
    </>
  );
};

export default QueuePage;
