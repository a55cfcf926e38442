import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Input, Select, Table, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { analytics, body, intake } from '../api/client';
import type { components } from '../api/generated/analytics';
import type { TimelineEntry } from '../api/views';
import { useStaffNames } from '../case/staff-names';
import { inShownOrder, sentenceOf } from '../case/timeline-sentence';
import { formatSeconds, formatTime } from '../common/time';
import { CATEGORIES } from '../desk/channel-fields';
import '../i18n/steering';
import '../reports/steering.css';

type LibraryEntry = components['schemas']['CaseLibraryEntryDto'];
type LibraryPage = components['schemas']['CaseLibraryPageDto'];
type Category = (typeof CATEGORIES)[number];

const PAGE_SIZE = 20;

const useLibrary = (category: Category | undefined, q: string, page: number) =>
  useQuery({
    queryKey: ['case-library', category ?? 'all', q, page],
    queryFn: () =>
      body<LibraryPage>(
        analytics.GET('/analytics/case-library', { params: { query: { ...(category ? { category } : {}), ...(q ? { q } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } }),
      ),
    placeholderData: keepPreviousData,
  });

/** The example's whole log, each event as the case page words it. */
const ExampleTimeline = ({ complaintId }: { complaintId: string }) => {
  const { t } = useTranslation();
  const nameOf = useStaffNames();
  const timeline = useQuery({
    queryKey: ['timeline', complaintId],
    queryFn: () => body<{ entries: TimelineEntry[] }>(intake.GET('/complaints/{id}/timeline', { params: { path: { id: complaintId } } })),
  });
  if (timeline.error) return <Alert type="error" showIcon title={t('gm.loadFailed')} />;
  if (!timeline.data) return <p className="loading">{t('app.loading')}</p>;
  return (
    <Timeline
      data-testid="example-timeline"
      items={inShownOrder(timeline.data.entries).map((entry) => ({
        key: entry.eventId,
        content: (
          <div data-event-type={entry.type}>
            <span className="muted">{formatSeconds(entry.occurredAt)}</span> {sentenceOf(entry, t, nameOf)}
          </div>
        ),
      }))}
    />
  );
};

const Example = ({ entry }: { entry: LibraryEntry }) => {
  const { t } = useTranslation();
  const nameOf = useStaffNames();
  return (
    <>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('gm.caseNumber')}>
          <Link to={`/case/${entry.complaintId}`}>{entry.caseNumber}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('hq.rollup.mall')}>{entry.mallId}</Descriptions.Item>
        <Descriptions.Item label={t('desk.kind')}>{t(`kinds.${entry.kind}`, { defaultValue: entry.kind })}</Descriptions.Item>
        <Descriptions.Item label={t('gm.category')}>{t(`categories.${entry.category}`, { defaultValue: entry.category })}</Descriptions.Item>
        <Descriptions.Item label={t('gm.severity')}>{entry.severity ? t(`severities.${entry.severity}`, { defaultValue: entry.severity }) : t('gm.unclassified')}</Descriptions.Item>
        <Descriptions.Item label={t('month.satisfaction')}>{entry.satisfaction ? t(`satisfaction.${entry.satisfaction}`, { defaultValue: entry.satisfaction }) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('gm.receivedAt')}>{formatTime(entry.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('library.resolvedAt')}>{entry.resolvedAt ? formatTime(entry.resolvedAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('library.note')} span={2}>
          {entry.note}
          <div className="muted">{t('library.markedBy', { who: nameOf(entry.markedBy), when: formatTime(entry.markedAt) })}</div>
        </Descriptions.Item>
      </Descriptions>
      <h3 className="panel-title steer-section">{t('case.timeline')}</h3>
      <ExampleTimeline complaintId={entry.complaintId} />
    </>
  );
};

/** The case library 案例库: resolved cases marked as examples, searched by category and words, each read with its whole timeline. */
const CaseLibraryPage = () => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const category = (CATEGORIES as readonly string[]).includes(params.get('category') ?? '') ? (params.get('category') as Category) : undefined;
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const openId = params.get('open');
  const library = useLibrary(category, q, page);
  const items = library.data?.items ?? [];
  const opened = items.find((entry) => entry.complaintId === openId);
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <>
      <h1 className="page-title">{t('library.title')}</h1>
      <div className="toolbar" role="search">
        <Select
          aria-label={t('gm.category')}
          placeholder={t('library.allCategories')}
          allowClear
          style={{ width: 200 }}
          value={category}
          onChange={(value: string | undefined) => update({ category: value, page: undefined })}
          options={CATEGORIES.map((value) => ({ value, label: t(`categories.${value}`) }))}
        />
        <Input.Search aria-label={t('library.search')} placeholder={t('library.searchHint')} allowClear defaultValue={q} style={{ width: 320 }} onSearch={(value) => update({ q: value.trim() || undefined, page: undefined })} />
      </div>
      {library.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      <Table<LibraryEntry>
        rowKey="complaintId"
        size="small"
        data-testid="library"
        loading={library.isLoading}
        dataSource={items}
        locale={{ emptyText: <span className="muted">{t('library.empty')}</span> }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: library.data?.total ?? 0, onChange: (next) => update({ page: String(next) }), showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: t('gm.caseNumber'),
            key: 'caseNumber',
            render: (_, entry) => (
              <a href={`?${new URLSearchParams({ ...Object.fromEntries(params), open: entry.complaintId }).toString()}`} onClick={(event) => (event.preventDefault(), update({ open: entry.complaintId }))}>
                {entry.caseNumber}
              </a>
            ),
          },
          { title: t('gm.category'), key: 'category', render: (_, entry) => t(`categories.${entry.category}`, { defaultValue: entry.category }) },
          { title: t('gm.severity'), key: 'severity', render: (_, entry) => (entry.severity ? t(`severities.${entry.severity}`, { defaultValue: entry.severity }) : t('gm.unclassified')) },
          { title: t('hq.rollup.mall'), dataIndex: 'mallId', key: 'mall' },
          { title: t('library.note'), dataIndex: 'note', key: 'note' },
          { title: t('gm.receivedAt'), key: 'receivedAt', render: (_, entry) => formatTime(entry.receivedAt) },
        ]}
      />
      <Drawer open={opened !== undefined} size="large" title={opened ? t('library.exampleTitle', { caseNumber: opened.caseNumber }) : ''} onClose={() => update({ open: undefined })} destroyOnHidden>
        {opened && <Example entry={opened} />}
      </Drawer>
    </>
  );
};

export default CaseLibraryPage;
