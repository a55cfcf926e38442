import { Alert, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatTime } from '../common/time';
import { useInbox } from '../notifications/inbox';
import '../i18n/steering';
import '../reports/steering.css';
import { OPEN_STATUSES, REPORT_CLOCKS, searchOf, SEVERITY_BUCKETS, todayFigures, useAwaitingApproval, useMallCases, type CaseFilter, type MallCase } from './today-data';

/** The kinds of inbox message that are a breach or escalation reaching me, or a major case reported to me. */
const NAMED_ME = new Set(['escalation', 'major-notice', 'media-risk', 'collective']);

const Figure = ({ mallId, label, value, filter, alert = false }: { mallId: string; label: string; value: number; filter: CaseFilter; alert?: boolean }) => (
  <li className={`figure-tile${alert && value > 0 ? ' alert' : ''}`}>
    <Link to={`/malls/${mallId}/cases?${searchOf(filter)}`} aria-label={`${label} ${value}`} data-testid={`figure-${searchOf(filter)}`}>
      {value}
    </Link>
    <span className="figure-label">{label}</span>
  </li>
);

const ReportClock = ({ row, kind }: { row: MallCase; kind: string }) => {
  const { t } = useTranslation();
  const clock = row.clocks.find((each) => each.kind === kind);
  if (!clock) return <span className="muted">—</span>;
  const color = clock.state === 'met' ? 'green' : clock.state === 'breached' ? 'red' : 'blue';
  return (
    <span>
      <Tag color={color}>{t(`clockStates.${clock.state}`)}</Tag>
      {formatTime(clock.deadline)}
    </span>
  );
};

/** A mall GM's day: what is open, what broke its time limits, what waits for them, the major cases' report clocks. */
const TodayPage = () => {
  const { t } = useTranslation();
  const { mallId = '' } = useParams();
  const cases = useMallCases(mallId);
  const figures = todayFigures(cases.rows);
  const approvals = useAwaitingApproval(figures.written);
  const inbox = useInbox();
  const namedMe = (inbox.data?.items ?? []).filter((item) => NAMED_ME.has(item.kind) && item.complaintId);
  const breached = cases.rows.filter((row) => row.grade === 'breached');

  return (
    <>
      <h1 className="page-title">{t('gm.today.title', { mallId })}</h1>
      {cases.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      <section aria-labelledby="today-open" aria-busy={cases.isLoading}>
        <h2 id="today-open" className="panel-title">
          {t('gm.today.openCases')}
        </h2>
        <ul className="figure-grid">
          <Figure mallId={mallId} label={t('gm.today.allOpen')} value={figures.open} filter={{}} />
          <Figure mallId={mallId} label={t('grades.breached')} value={figures.breached} filter={{ grade: 'breached' }} alert />
          <Figure mallId={mallId} label={t('grades.at-risk')} value={figures.atRisk} filter={{ grade: 'at-risk' }} alert />
          <Figure mallId={mallId} label={t('gm.today.awaitingApproval')} value={approvals.waiting.length} filter={{ approval: true }} alert />
        </ul>
        <h3 className="steer-section muted">{t('gm.today.byStatus')}</h3>
        <ul className="figure-grid">
          {OPEN_STATUSES.map((status) => (
            <Figure key={status} mallId={mallId} label={t(`caseStatus.${status}`)} value={figures.byStatus[status]} filter={{ status }} />
          ))}
        </ul>
        <h3 className="steer-section muted">{t('gm.today.bySeverity')}</h3>
        <ul className="figure-grid">
          {SEVERITY_BUCKETS.map((severity) => (
            <Figure key={severity} mallId={mallId} label={severity === 'unclassified' ? t('gm.unclassified') : t(`severities.${severity}`)} value={figures.bySeverity[severity]} filter={{ severity }} alert={severity !== 'general' && severity !== 'unclassified'} />
          ))}
        </ul>
      </section>

      <div className="steer-grid">
        <section className="panel" aria-labelledby="today-breached">
          <h2 id="today-breached" className="panel-title">
            {t('gm.today.breachedNow')}
          </h2>
          {breached.length === 0 ? (
            <p className="muted">{t('gm.today.noneBreached')}</p>
          ) : (
            <table className="plain-table" data-testid="breached-cases">
              <thead>
                <tr>
                  <th scope="col">{t('gm.caseNumber')}</th>
                  <th scope="col">{t('gm.category')}</th>
                  <th scope="col">{t('gm.department')}</th>
                  <th scope="col">{t('gm.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {breached.slice(0, 20).map((row) => (
                  <tr key={row.complaintId}>
                    <td>
                      <Link to={`/case/${row.complaintId}`}>{row.caseNumber ?? row.complaintId}</Link>
                    </td>
                    <td>{row.category ? t(`categories.${row.category}`, { defaultValue: row.category }) : '—'}</td>
                    <td>{row.handlingDepartmentId ? t(`departments.${row.handlingDepartmentId}`, { defaultValue: row.handlingDepartmentId }) : '—'}</td>
                    <td>{formatTime(row.nearestDeadline)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="panel" aria-labelledby="today-named-me">
          <h2 id="today-named-me" className="panel-title">
            {t('gm.today.namedMe')}
          </h2>
          {namedMe.length === 0 ? (
            <p className="muted">{t('gm.today.noneNamedMe')}</p>
          ) : (
            <ul className="diff-list" data-testid="named-me">
              {namedMe.slice(0, 10).map((item) => (
                <li key={item.id}>
                  <Tag>{t(`notifications.kinds.${item.kind}`, { defaultValue: item.kind })}</Tag>
                  <Link to={`/case/${item.complaintId}`}>{item.caseNumber ?? item.complaintId}</Link> · {formatTime(item.createdAt)}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="panel" aria-labelledby="today-approval">
          <h2 id="today-approval" className="panel-title">
            {t('gm.today.awaitingApproval')}
          </h2>
          {approvals.waiting.length === 0 ? (
            <p className="muted">{approvals.loading ? t('app.loading') : t('gm.today.noneAwaiting')}</p>
          ) : (
            <ul className="diff-list">
              {approvals.waiting.map((row) => (
                <li key={row.complaintId}>
                  <Link to={`/case/${row.complaintId}`}>{row.caseNumber ?? row.complaintId}</Link> · {t(`caseStatus.${row.status}`, { defaultValue: row.status })} · {t('gm.today.writtenReply')}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="panel" aria-labelledby="today-major">
          <h2 id="today-major" className="panel-title">
            <Link to={`/malls/${mallId}/cases?${searchOf({ reportClocks: true })}`}>{t('gm.today.majorCases', { count: figures.major.length })}</Link>
          </h2>
          {figures.major.length === 0 ? (
            <p className="muted">{t('gm.today.noneMajor')}</p>
          ) : (
            <table className="plain-table" data-testid="major-cases">
              <thead>
                <tr>
                  <th scope="col">{t('gm.caseNumber')}</th>
                  <th scope="col">{t('gm.severity')}</th>
                  {REPORT_CLOCKS.map((kind) => (
                    <th scope="col" key={kind}>
                      {t(`clockKinds.${kind}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {figures.major.map((row) => (
                  <tr key={row.complaintId}>
                    <td>
                      <Link to={`/case/${row.complaintId}`}>{row.caseNumber ?? row.complaintId}</Link>
                    </td>
                    <td>{t(`severities.${row.severity}`, { defaultValue: row.severity ?? '' })}</td>
                    {REPORT_CLOCKS.map((kind) => (
                      <td key={kind}>
                        <ReportClock row={row} kind={kind} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
};

export default TodayPage;
