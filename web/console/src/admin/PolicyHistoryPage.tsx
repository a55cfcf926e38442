import { useQuery } from '@tanstack/react-query';
import { Alert, Pagination, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { body, routing } from '../api/client';
import { formatTime } from '../common/time';
import '../i18n/steering';
import '../reports/steering.css';
import type { PolicyHistoryEntry } from './policy-data';

const PAGE_SIZE = 20;

/** A value as a person reads it in a diff: absent as a dash, text as it is, anything else as compact JSON. */
export const readable = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** Every GroupPolicyChanged: who, when, from when it applies, and what changed, newest first. */
const PolicyHistoryPage = () => {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const history = useQuery({
    queryKey: ['policy-history', page],
    queryFn: () =>
      body<{ items: PolicyHistoryEntry[]; total: number }>(routing.GET('/admin/policy/history', { params: { query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
  });
  const items = history.data?.items ?? [];
  return (
    <>
      <h1 className="page-title">{t('admin.history.title')}</h1>
      {history.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      {history.data && items.length === 0 && <p className="muted">{t('admin.history.none')}</p>}
      <ol className="history-list" data-testid="policy-history" style={{ listStyle: 'none', padding: 0 }}>
        {items.map((entry) => (
          <li key={entry.version} className="panel steer-section" data-version={entry.version}>
            <h2 className="panel-title">
              {entry.version} <Tag>{t(`admin.history.kinds.${entry.kind}`, { defaultValue: entry.kind })}</Tag>
              {entry.mallId && <Tag>{entry.mallId}</Tag>}
            </h2>
            <p className="muted">
              {t('admin.history.who', { who: entry.changedBy, when: formatTime(entry.changedAt), from: formatTime(entry.effectiveFrom) })}
            </p>
            <p>{entry.summary}</p>
            <ul className="diff-list">
              {entry.differences.map((difference) => (
                <li key={difference.path}>
                  <code>{difference.path}</code>: <span className="diff-before">{readable(difference.before)}</span> → <span className="diff-after">{readable(difference.after)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {(history.data?.total ?? 0) > PAGE_SIZE && <Pagination current={page} pageSize={PAGE_SIZE} total={history.data?.total ?? 0} onChange={setPage} showSizeChanger={false} />}
    </>
  );
};

export default PolicyHistoryPage;
