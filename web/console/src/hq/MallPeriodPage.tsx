import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import '../i18n/steering';
import { periodQuery, useMallPeriodReport } from '../reports/api';
import { FigureName } from '../reports/FigureName';
import { formatRate } from '../reports/format';
import { PeriodPicker } from '../reports/PeriodPicker';
import { periodFrom } from '../reports/period';
import '../reports/steering.css';
import { TargetTag, targetText } from '../reports/TargetTag';
import { RATE_KEYS } from '../reports/report-types';

/** One mall's quarter or year, month by month; each month opens the mall's monthly page (and from there each case). */
const MallPeriodPage = () => {
  const { t } = useTranslation();
  const { mallId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const period = periodFrom(params);
  const report = useMallPeriodReport(mallId, period);
  const data = report.data;
  return (
    <>
      <h1 className="page-title">{t('mallPeriod.title', { mall: data?.mallName ?? mallId, period: period.value })}</h1>
      <div className="toolbar">
        <PeriodPicker period={period} onChange={(next) => setParams(periodQuery(next) as Record<string, string>)} />
        <Link to={`/hq/rollup?${new URLSearchParams(periodQuery(period) as Record<string, string>).toString()}`}>{t('mallPeriod.back')}</Link>
      </div>
      {report.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      {data && (
        <section className="panel" aria-labelledby="period-months">
          <h2 id="period-months" className="panel-title">
            {t('mallPeriod.months')}
          </h2>
          <table className="plain-table" data-testid="period-months">
            <thead>
              <tr>
                <th scope="col">{t('month.month')}</th>
                <th scope="col">
                  <FigureName figure="received" />
                </th>
                {RATE_KEYS.map((key) => (
                  <th scope="col" key={key}>
                    <FigureName figure={key} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.byMonth.map((entry) => (
                <tr key={entry.month}>
                  <th scope="row">
                    <Link to={`/malls/${mallId}/month?month=${entry.month}`}>{entry.month}</Link>
                  </th>
                  <td>{entry.figures.received}</td>
                  {RATE_KEYS.map((key) => (
                    <td key={key}>{formatRate(entry.figures[key].rate)}</td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{t('mallPeriod.whole')}</th>
                <td>{data.figures.received}</td>
                {RATE_KEYS.map((key) => (
                  <td key={key}>{formatRate(data.figures[key].rate)}</td>
                ))}
              </tr>
            </tbody>
          </table>
          <p className="steer-section">
            {data.targets
              .filter((check) => !check.stretch)
              .map((check) => (
                <span key={check.id} style={{ marginRight: 12 }}>
                  {targetText(t, check)} <TargetTag check={check} />
                </span>
              ))}
          </p>
        </section>
      )}
    </>
  );
};

export default MallPeriodPage;
