import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { body, intake } from '../api/client';
import type { ComplaintSummary, Page } from '../api/views';
import { usePollInterval } from '../live/live';
import { formatTime, startOfMallDay } from '../common/time';

/**
 * Today's registrations at this desk (recorded by the signed-in agent, mall day), newest first. A
 * plain table: antd's Table would double the desk's first-screen JavaScript for a list of a few dozen rows.
 */
export const TodayRegistrations = ({ mallId, recordedBy }: { mallId: string; recordedBy: string }) => {
  const { t } = useTranslation();
  const from = startOfMallDay().toISOString();
  const registrations = useQuery({
    queryKey: ['registrations', mallId, recordedBy, from],
    queryFn: () => body<Page<ComplaintSummary>>(intake.GET('/complaints', { params: { query: { mallId, recordedBy, from, limit: 200 } } })),
    refetchInterval: usePollInterval(),
  });
  const items = registrations.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="today-title">
      <h2 id="today-title" className="panel-title">
        {t('desk.today')} <span className="muted">{t('common.total', { count: registrations.data?.total ?? 0 })}</span>
      </h2>
      <table className="plain-table">
        <thead>
          <tr>
            <th scope="col">{t('desk.caseNumber')}</th>
            <th scope="col">{t('desk.kind')}</th>
            <th scope="col">{t('desk.channel')}</th>
            <th scope="col">{t('desk.receivedAt')}</th>
            <th scope="col">{t('queue.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr key={row.id}>
              <td>
                <Link to={`/case/${row.id}`}>{row.caseNumber}</Link>
              </td>
              <td>{t(`kinds.${row.kind}`)}</td>
              <td>{row.channel ? t(`channels.${row.channel}`) : '—'}</td>
              <td>{formatTime(row.receivedAt)}</td>
              <td>{t(`caseStatus.${row.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
