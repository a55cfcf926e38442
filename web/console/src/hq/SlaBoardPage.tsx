import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import '../i18n/steering';
import { BreachedTable, MajorTable } from '../gm/CaseTables';
import { NamedMe } from '../gm/NamedMe';
import { useOpenCases } from '../gm/today-data';
import '../reports/steering.css';

/**
 * HQ's live board across malls: every open case past its time limit, and the major and critical cases
 * with their report clocks; /live (every mall for HQ) refreshes it as breaches and escalations happen.
 */
const SlaBoardPage = () => {
  const { t } = useTranslation();
  const overdue = useOpenCases({ overdue: true });
  const major = useOpenCases({ severity: 'major' });
  const critical = useOpenCases({ severity: 'critical' });
  const error = overdue.error ?? major.error ?? critical.error;
  return (
    <>
      <h1 className="page-title">{t('hq.board.title')}</h1>
      {error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      <div className="steer-grid">
        <section className="panel" aria-labelledby="board-breached" aria-busy={overdue.isLoading}>
          <h2 id="board-breached" className="panel-title">
            {t('hq.board.breached', { count: overdue.rows.length })}
          </h2>
          <BreachedTable rows={overdue.rows} showMall testId="board-breached" />
        </section>
        <NamedMe />
        <section className="panel" aria-labelledby="board-major" aria-busy={major.isLoading || critical.isLoading}>
          <h2 id="board-major" className="panel-title">
            {t('hq.board.major', { count: critical.rows.length + major.rows.length })}
          </h2>
          <MajorTable rows={[...critical.rows, ...major.rows]} showMall testId="board-major" />
        </section>
      </div>
    </>
  );
};

export default SlaBoardPage;
