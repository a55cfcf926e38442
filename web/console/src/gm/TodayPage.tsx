import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import '../i18n/steering';
import '../reports/steering.css';
import { NamedMe } from './NamedMe';
import { BreachedTable, MajorTable } from './CaseTables';
import { OPEN_STATUSES, searchOf, SEVERITY_BUCKETS, todayFigures, useAwaitingApproval, useMallCases, type CaseFilter } from './today-data';

const Figure = ({ mallId, label, value, filter, alert = false }: { mallId: string; label: string; value: number; filter: CaseFilter; alert?: boolean }) => (
  <li className={`figure-tile${alert && value > 0 ? ' alert' : ''}`}>
    <Link to={`/malls/${mallId}/cases?${searchOf(filter)}`} aria-label={`${label} ${value}`} data-testid={`figure-${searchOf(filter)}`}>
      {value}
    </Link>
    <span className="figure-label">{label}</span>
  </li>
);

/** A mall GM's day: what is open, what broke its time limits, what waits for them, the major cases' report clocks. */
const TodayPage = () => {
  const { t } = useTranslation();
  const { mallId = '' } = useParams();
  const cases = useMallCases(mallId);
  const figures = todayFigures(cases.rows);
  const approvals = useAwaitingApproval(figures.written);
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
          <BreachedTable rows={breached.slice(0, 20)} testId="breached-cases" />
        </section>

        <NamedMe />

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
          <MajorTable rows={figures.major} testId="major-cases" />
        </section>
      </div>
    </>
  );
};

export default TodayPage;
