import { Checkbox, Select, Space, Tabs } from 'antd';
import type { TFunction } from 'i18next';
import { memo, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { loadCasePage } from '../app/screens';
import { useIdentity } from '../auth/session';
import { prefetchCase } from '../case/case-data';
import { useStaffNames, type NameOf } from '../case/staff-names';
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

interface Column {
  key: string;
  title: string;
  /** px; the last column takes what is left */
  width?: number;
  cell: (row: QueueRow) => ReactNode;
}

const columnsOf = (t: TFunction, nameOf: NameOf): Column[] => [
  { key: 'caseNumber', title: t('queue.caseNumber'), width: 190, cell: (row) => <a href={`/case/${row.complaintId}`} onClick={(event) => event.preventDefault()}>{row.caseNumber ?? '—'}</a> },
  // The one cell that ticks: it subscribes to the ticker itself, the row does not re-render.
  { key: 'countdown', title: t('queue.countdown'), width: 250, cell: (row) => <SlaCountdown clocks={row.clocks} fallbackDueAt={row.nearestDeadline} complaintId={row.complaintId} /> },
  { key: 'deadline', title: t('queue.deadline'), width: 150, cell: (row) => deadlineText(row.deadline) },
  { key: 'status', title: t('queue.status'), width: 110, cell: (row) => <span className="queue-tag">{t(`caseStatus.${row.status}`)}</span> },
  { key: 'severity', title: t('queue.severity'), width: 90, cell: (row) => (row.severity ? <span className={row.severity === 'general' ? 'queue-tag' : 'queue-tag queue-tag-red'}>{t(`severities.${row.severity}`)}</span> : '—') },
  { key: 'category', title: t('queue.category'), width: 120, cell: (row) => (row.category ? t(`categories.${row.category}`) : '—') },
  { key: 'assignee', title: t('queue.assignee'), width: 160, cell: (row) => (row.assigneeStaffId ? nameOf(row.assigneeStaffId) : '—') },
  { key: 'summary', title: t('queue.summary'), cell: (row) => <span title={row.summary ?? undefined}>{row.summary ?? ''}</span> },
];

/** Rows are one height (one line each, the summary cut with an ellipsis): where each is, is arithmetic, nothing is measured. */
const ROW_HEIGHT = 47;
const BODY_HEIGHT = 600;
/** Rows rendered beyond each edge of the view. */
const OVERSCAN = 8;

const QueueRowView = memo(function QueueRowView({ row, index, columns, onOpen, onPreview }: { row: QueueRow; index: number; columns: Column[]; onOpen: (row: QueueRow, index: number) => void; onPreview: (row: QueueRow) => void }) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className="queue-row"
      data-row-key={row.complaintId}
      style={{ top: index * ROW_HEIGHT }}
      onClick={() => onOpen(row, index)}
      // Hover or focus announces the likely click: the case page's code and the case are read ahead.
      onMouseEnter={() => onPreview(row)}
      onFocus={() => onPreview(row)}
    >
      {columns.map((column) => (
        <div role="cell" key={column.key} className="queue-cell" style={column.width ? { width: column.width } : undefined}>
          {column.cell(row)}
        </div>
      ))}
    </div>
  );
});

export interface QueueTableHandle {
  scrollTo: (index: number) => void;
}

/**
 * The queue as a virtual table of fixed-height rows: only the rows in view (and a few beyond) are in
 * the page, placed by index. antd's virtual Table measured every rendered row after each scroll step
 * (offsetHeight and computed margins: a forced layout) and summed all 5,000 heights per frame, the
 * main thread's largest cost while scrolling (bench/README.md). Selection and the countdowns' ticks
 * stay out of it (ant-design/ant-design#44039): a row re-renders only when it changes.
 */
const QueueTable = memo(function QueueTable({ rows, loading, onOpen, onPreview, tableRef }: { rows: QueueRow[]; loading: boolean; onOpen: (row: QueueRow, index: number) => void; onPreview: (row: QueueRow) => void; tableRef: Ref<QueueTableHandle> }) {
  const { t } = useTranslation();
  const nameOf = useStaffNames();
  const columns = useMemo(() => columnsOf(t, nameOf), [t, nameOf]);
  const holder = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  useImperativeHandle(
    tableRef,
    () => ({
      scrollTo: (index: number) => {
        const element = holder.current;
        if (!element) return;
        const rowTop = index * ROW_HEIGHT;
        if (rowTop < element.scrollTop) element.scrollTop = rowTop;
        else if (rowTop + ROW_HEIGHT > element.scrollTop + BODY_HEIGHT) element.scrollTop = rowTop + ROW_HEIGHT - BODY_HEIGHT;
      },
    }),
    [],
  );
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + BODY_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const shown: ReactNode[] = [];
  for (let index = first; index < last; index++) shown.push(<QueueRowView key={rows[index].complaintId} row={rows[index]} index={index} columns={columns} onOpen={onOpen} onPreview={onPreview} />);
  return (
    <div className="queue-table" role="table" aria-label={t('queue.title')} aria-rowcount={rows.length + 1} aria-busy={loading}>
      <div className="queue-holder" ref={holder} style={{ maxHeight: BODY_HEIGHT + ROW_HEIGHT }} onScroll={(event) => setTop(event.currentTarget.scrollTop)}>
        <div role="rowgroup" className="queue-head">
          <div role="row" aria-rowindex={1} className="queue-head-row">
            {columns.map((column) => (
              <div role="columnheader" key={column.key} className="queue-cell" style={column.width ? { width: column.width } : undefined}>
                {column.title}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="queue-body" style={{ height: Math.max(rows.length * ROW_HEIGHT, ROW_HEIGHT) }}>
          {shown}
          {rows.length === 0 && (
            <div role="row" className="queue-empty">
              <div role="cell" className="muted">
                {loading ? t('app.loading') : t('queue.empty')}
              </div>
            </div>
          )}
        </div>
      </div>
    </div>
  );
});

/** The selected row's highlight, as a style rule: moving the selection re-renders no row. */
const SelectedRow = ({ complaintId }: { complaintId: string | undefined }) =>
  complaintId ? <style>{`.queue-table [data-row-key="${complaintId.replace(/[^0-9a-zA-Z-]/g, '')}"] { background: #e6f0ff; }`}</style> : null;

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
  const table = useRef<QueueTableHandle>(null);

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
      table.current?.scrollTo(index);
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
