import { Checkbox, Select, Space, Table, Tabs, type TableColumnsType, type TableRef } from 'antd';
import type { TFunction } from 'i18next';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { loadCasePage } from '../app/screens';
import { useIdentity } from '../auth/session';
import { prefetchCase } from '../case/case-data';
import { CATEGORIES } from '../desk/channel-fields';
import { isTyping, ShortcutHelp } from '../common/ShortcutHelp';
import { formatTime } from '../common/time';
import { useQueue, type QueueFilters, type QueueRow, type QueueTab } from './queue-data';
import { SlaCountdown } from './SlaCountdown';

const STATUSES = ['open', 'routed', 'accepted', 'verified', 'classified', 'resolution-proposed', 'reopened', 'resolved'] as const;
const SEVERITIES = ['general', 'major', 'critical'] as const;
const TABS: QueueTab[] = ['mine', 'department', 'unassigned'];

/** A deadline as the mall reads it, formatted once per instant: the same rows come back into view on every scroll. */
const deadlineTexts = new Map<number, string>();
const deadlineText = (deadline: number): string => {
  if (!Number.isFinite(deadline)) return '—';
  let text = deadlineTexts.get(deadline);
  if (text === undefined) {
    if (deadlineTexts.size > 20_000) deadlineTexts.clear();
    text = formatTime(new Date(deadline).toISOString());
    deadlineTexts.set(deadline, text);
  }
  return text;
};

const columnsOf = (t: TFunction): TableColumnsType<QueueRow> => [
  { title: t('queue.caseNumber'), dataIndex: 'caseNumber', width: 190, render: (value: string | null, row) => <a href={`/case/${row.complaintId}`} onClick={(event) => event.preventDefault()}>{value ?? '—'}</a> },
  {
    title: t('queue.countdown'),
    key: 'countdown',
    width: 250,
    // The one cell that ticks: it subscribes to the ticker itself, the row does not re-render.
    render: (_value, row) => <SlaCountdown clocks={row.clocks} fallbackDueAt={row.nearestDeadline} complaintId={row.complaintId} />,
  },
  { title: t('queue.deadline'), key: 'deadline', width: 150, render: (_value, row) => deadlineText(row.deadline) },
  // Plain spans styled as tags: antd's Tag brings its style hooks to every cell of every row scrolled through.
  { title: t('queue.status'), dataIndex: 'status', width: 110, render: (value: string) => <span className="queue-tag">{t(`caseStatus.${value}`)}</span> },
  { title: t('queue.severity'), dataIndex: 'severity', width: 90, render: (value: string | null) => (value ? <span className={value === 'general' ? 'queue-tag' : 'queue-tag queue-tag-red'}>{t(`severities.${value}`)}</span> : '—') },
  { title: t('queue.category'), dataIndex: 'category', width: 120, render: (value: string | null) => (value ? t(`categories.${value}`) : '—') },
  { title: t('queue.assignee'), dataIndex: 'assigneeStaffId', width: 160, render: (value: string | null) => value ?? '—' },
  { title: t('queue.summary'), dataIndex: 'summary', ellipsis: true, render: (value: string | null) => value ?? '' },
];

/**
 * The virtual table, re-rendered only when its rows change: selection and the countdowns' ticks stay
 * out of it (antd's Table lags with many rows otherwise, ant-design/ant-design#44039).
 */
const QueueTable = memo(function QueueTable({ rows, loading, onOpen, onPreview, tableRef }: { rows: QueueRow[]; loading: boolean; onOpen: (row: QueueRow, index: number) => void; onPreview: (row: QueueRow) => void; tableRef: Ref<TableRef> }) {
  const { t } = useTranslation();
  const columns = useMemo(() => columnsOf(t), [t]);
  const onRow = useCallback(
    (row: QueueRow, index?: number) => ({
      onClick: () => onOpen(row, index ?? 0),
      // Hover or focus announces the likely click: the case page's code and the case are read ahead.
      onMouseEnter: () => onPreview(row),
      onFocus: () => onPreview(row),
      style: { cursor: 'pointer' },
    }),
    [onOpen, onPreview],
  );
  return (
    <Table<QueueRow>
      ref={tableRef}
      className="queue-table"
      virtual
      size="middle"
      rowKey="complaintId"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1300, y: 600 }}
      locale={{ emptyText: <span className="muted">{t('queue.empty')}</span> }}
      onRow={onRow}
      columns={columns}
    />
  );
});

/** The selected row's highlight, as a style rule: moving the selection re-renders no row. */
const SelectedRow = ({ complaintId }: { complaintId: string | undefined }) =>
  complaintId ? <style>{`.queue-table [data-row-key="${complaintId.replace(/[^0-9a-zA-Z-]/g, '')}"] > .ant-table-cell { background: #e6f0ff !important; }`}</style> : null;

const QueuePage = () => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<QueueTab>(identity.roles.includes('department-handler') ? 'mine' : 'department');
  const [filters, setFilters] = useState<QueueFilters>({ status: 'open' });
  const [selected, setSelected] = useState(0);
  const queue = useQueue(tab, identity, filters);
  const rows = queue.rows;
  const table = useRef<TableRef>(null);

  const open = useCallback(
    (row: QueueRow, index: number) => {
      setSelected(index);
      // The row's case number goes along: the case page shows its title at once, the facts as they come.
      navigate(`/case/${row.complaintId}`, { state: { caseNumber: row.caseNumber } });
    },
    [navigate],
  );
  const preview = useCallback(
    (row: QueueRow) => {
      void loadCasePage();
      prefetchCase(queryClient, row.complaintId);
    },
    [queryClient],
  );

  // People open cases from here: the case page's code is fetched once the first rows show, while the browser is idle.
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (!hasRows) return;
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 500));
    idle(() => void loadCasePage());
  }, [hasRows]);

  useEffect(() => {
    const move = (index: number) => {
      setSelected(index);
      table.current?.scrollTo({ index });
    };
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key === 'j' || event.key === 'ArrowDown') move(Math.min(selected + 1, Math.max(rows.length - 1, 0)));
      else if (event.key === 'k' || event.key === 'ArrowUp') move(Math.max(selected - 1, 0));
      else if (event.key === 'Enter' && rows[selected]) open(rows[selected], selected);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, selected, open]);

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
      <SelectedRow complaintId={rows[selected]?.complaintId} />
      <QueueTable rows={rows} loading={queue.isLoading} onOpen={open} onPreview={preview} tableRef={table} />
      <ShortcutHelp keys={['shortcuts.next', 'shortcuts.previous', 'shortcuts.openRow']} />
    </>
  );
};

export default QueuePage;
