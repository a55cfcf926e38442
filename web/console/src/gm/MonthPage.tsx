import { Alert, Button, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatTime } from '../common/time';
import { download, useMallPeriodReport, useMonthlyReport } from '../reports/api';
import { Chart } from '../reports/Chart';
import { DefinedTitle, FigureName, FigureTile } from '../reports/FigureName';
import { currentMonth, formatMinutes, formatRate, twelveMonthsTo } from '../reports/format';
import { countOption, trendOf, trendOption, TREND_RATES } from '../reports/month-data';
import '../i18n/steering';
import '../reports/steering.css';
import { TargetTag, targetText } from '../reports/TargetTag';
import { RATE_KEYS, TIME_KEYS, type CaseListEntry, type RateKey, type TargetId } from '../reports/report-types';
import { CaseDetailSection } from './CaseDetailSection';

/** The group target each rate is checked against (analytics' targets.ts). */
const TARGET_OF: Partial<Record<RateKey, TargetId>> = {
  responseWithin24h: 'response-within-24h',
  closureRate: 'closure-rate',
  satisfactionRate: 'satisfaction-rate',
  dataCompleteness: 'data-completeness',
};
const COUNT_KEYS = ['received', 'resolved', 'closed', 'open', 'reopened', 'escalated', 'overdue'] as const;

const CaseLinks = ({ cases }: { cases: CaseListEntry[] }) => {
  const { t } = useTranslation();
  if (cases.length === 0) return <p className="muted">{t('month.noCases')}</p>;
  return (
    <ul className="diff-list">
      {cases.map((entry) => (
        <li key={entry.complaintId}>
          <Link to={`/case/${entry.complaintId}`}>{entry.caseNumber}</Link> · {t(`categories.${entry.category}`, { defaultValue: entry.category })} · {formatTime(entry.receivedAt)}
        </li>
      ))}
    </ul>
  );
};

/** A mall GM's month (客诉月报分析): the monthly report API's figures as they are, charted, with its exports. */
const MonthPage = () => {
  const { t } = useTranslation();
  const { mallId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? currentMonth();
  const [downloadFailed, setDownloadFailed] = useState(false);
  const report = useMonthlyReport(mallId, month);
  const year = Number(month.slice(0, 4));
  const months = twelveMonthsTo(month);
  const thisYear = useMallPeriodReport(mallId, { kind: 'year', value: String(year) });
  const lastYear = useMallPeriodReport(mallId, { kind: 'year', value: String(year - 1) }, !month.endsWith('-12'));
  const data = report.data;
  const label = (dimension: string) => (key: string) => (key === 'unknown' ? t('month.unknown') : t(`${dimension}.${key}`, { defaultValue: key }));
  const saveFile = (path: string, name: string) =>
    download(path, name).then(
      () => setDownloadFailed(false),
      () => setDownloadFailed(true),
    );
  const exportOf = (file: string) => () => saveFile(`/analytics/malls/${mallId}/exports/${file}?month=${month}`, `${mallId}-${file}`);

  return (
    <>
      <h1 className="page-title">{t('month.title', { mall: data?.mallName ?? mallId, month })}</h1>
      <div className="toolbar">
        <Select
          aria-label={t('month.month')}
          style={{ width: 140 }}
          value={month}
          onChange={(value: string) => setParams({ month: value })}
          options={twelveMonthsTo(currentMonth()).reverse().map((value) => ({ value, label: value }))}
        />
        <Space wrap aria-label={t('month.exports')} role="group">
          <Button onClick={exportOf('monthly.xlsx')}>{t('month.xlsx')}</Button>
          <Button onClick={exportOf('monthly-analysis.pdf')}>{t('month.pdf')}</Button>
        </Space>
        {data && <span className="muted">{t('month.asOf', { time: formatTime(data.asOf) })}</span>}
      </div>
      {report.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      {downloadFailed && <Alert type="error" showIcon title={t('month.downloadFailed')} />}
      {data && (
        <>
          <section aria-labelledby="month-counts">
            <h2 id="month-counts" className="panel-title">
              {t('month.counts')}
            </h2>
            <ul className="figure-grid">
              {COUNT_KEYS.map((key) => (
                <FigureTile key={key} figure={key}>
                  {data.figures[key]}
                </FigureTile>
              ))}
            </ul>
          </section>

          <section className="panel steer-section" aria-labelledby="month-rates">
            <h2 id="month-rates" className="panel-title">
              {t('month.rates')}
            </h2>
            <table className="plain-table" data-testid="rates">
              <thead>
                <tr>
                  <th scope="col">{t('month.figure')}</th>
                  <th scope="col">{t('month.value')}</th>
                  <th scope="col">{t('month.parts')}</th>
                  <th scope="col">{t('month.previous')}</th>
                  <th scope="col">{t('month.lastYear')}</th>
                  <th scope="col">{t('month.target')}</th>
                  <th scope="col">{t('month.result')}</th>
                </tr>
              </thead>
              <tbody>
                {RATE_KEYS.map((key) => {
                  const figure = data.figures[key];
                  const target = data.targets.find((check) => check.id === TARGET_OF[key]);
                  return (
                    <tr key={key}>
                      <th scope="row">
                        <FigureName figure={key} />
                      </th>
                      <td data-figure={key}>{formatRate(figure.rate)}</td>
                      <td>
                        {figure.numerator} / {figure.denominator}
                      </td>
                      <td>{formatRate(data.previousMonth?.figures[key].rate)}</td>
                      <td>{formatRate(data.sameMonthLastYear?.figures[key].rate)}</td>
                      <td>{target ? targetText(t, target) : '—'}</td>
                      <td>{target ? <TargetTag check={target} /> : '—'}</td>
                    </tr>
                  );
                })}
                {data.targets
                  .filter((check) => check.stretch)
                  .map((check) => (
                    <tr key={check.id}>
                      <th scope="row">
                        <Tag>{t('targets.stretch')}</Tag>
                      </th>
                      <td>{formatRate(check.rate)}</td>
                      <td />
                      <td />
                      <td />
                      <td>{targetText(t, check)}</td>
                      <td>
                        <TargetTag check={check} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
            <h3 className="steer-section panel-title">{t('month.times')}</h3>
            <table className="plain-table">
              <thead>
                <tr>
                  <th scope="col">{t('month.figure')}</th>
                  <th scope="col">{t('month.average')}</th>
                  <th scope="col">{t('month.p90')}</th>
                </tr>
              </thead>
              <tbody>
                {TIME_KEYS.map((key) => {
                  const units = { minutes: t('month.minutes'), hours: t('month.hours') };
                  return (
                    <tr key={key}>
                      <th scope="row">
                        <FigureName figure={key} />
                      </th>
                      <td data-figure={`${key}.average`}>{formatMinutes(data.figures[key].averageMinutes, units)}</td>
                      <td data-figure={`${key}.p90`}>{formatMinutes(data.figures[key].p90Minutes, units)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>

          <section className="panel steer-section" aria-labelledby="month-trend">
            <DefinedTitle id="month-trend" title={t('month.trend')} figures={['received', ...TREND_RATES]} />
            <Chart
              testId="trend-chart"
              label={t('month.chartLabel', { title: t('month.trend') })}
              option={trendOption(trendOf(months, [lastYear.data, thisYear.data]), { rate: (key) => t(`figures.${key}.name`), received: t('month.trendReceived') })}
            />
          </section>

          <div className="steer-grid">
            {(
              [
                ['category', t('month.byCategory'), data.counts.byCategory, 'categories'],
                ['channel', t('month.byChannel'), data.counts.byChannel, 'channels'],
                ['department', t('month.byDepartment'), data.counts.byHandlingDepartment, 'departments'],
              ] as const
            ).map(([id, title, rows, dictionary]) => (
              <section key={id} className="panel" aria-labelledby={`month-${id}`}>
                <DefinedTitle id={`month-${id}`} title={title} figures={['received']} />
                <Chart label={t('month.chartLabel', { title })} option={countOption(rows, label(dictionary), t('figures.received.name'))} testId={`chart-${id}`} />
              </section>
            ))}
            <section className="panel" aria-labelledby="month-hot">
              <h2 id="month-hot" className="panel-title">
                {t('month.hotSpots')}
              </h2>
              {data.hotSpots.length === 0 ? (
                <p className="muted">{t('month.noHotSpots')}</p>
              ) : (
                <table className="plain-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('gm.category')}</th>
                      <th scope="col">{t('month.hotSubject')}</th>
                      <th scope="col">{t('month.hotCases')}</th>
                      <th scope="col">{t('month.hotRegistrations')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.hotSpots.map((spot) => (
                      <tr key={`${spot.category}:${spot.subject}`}>
                        <td>{t(`categories.${spot.category}`, { defaultValue: spot.category })}</td>
                        <td>{spot.subject}</td>
                        <td>{spot.cases}</td>
                        <td>{spot.registrations}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="panel" aria-labelledby="month-comments">
              <h2 id="month-comments" className="panel-title">
                {t('month.comments')}
              </h2>
              {data.satisfactionComments.length === 0 ? (
                <p className="muted">{t('month.noComments')}</p>
              ) : (
                <ul className="diff-list">
                  {data.satisfactionComments.map((comment) => (
                    <li key={comment.complaintId}>
                      <Link to={`/case/${comment.complaintId}`}>{comment.caseNumber}</Link> · {t(`satisfaction.${comment.satisfaction}`, { defaultValue: comment.satisfaction })} · {comment.comment}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="panel" aria-labelledby="month-overdue">
              <h2 id="month-overdue" className="panel-title">
                {t('month.overdueCases')}
              </h2>
              <CaseLinks cases={data.overdueCases} />
              <h2 className="panel-title steer-section">{t('month.escalatedCases')}</h2>
              <CaseLinks cases={data.escalatedCases} />
            </section>
          </div>
        </>
      )}

      <CaseDetailSection
        mallId={mallId}
        month={month}
        departments={(data?.counts.byHandlingDepartment ?? []).map((row) => row.key).filter((key) => key !== 'unknown')}
        onDownload={(path, name) => void saveFile(path, name)}
      />
    </>
  );
};

export default MonthPage;
