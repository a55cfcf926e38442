import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTime } from '../common/time';
import { REPORT_CLOCKS, type MallCase } from './today-data';

const ReportClock = ({ row, kind }: { row: MallCase; kind: string }) => {
  const { t } = useTranslation();
  const clock = row.clocks.find((each) => each.kind === kind);
  if (!clock) return <span className="muted">—</span>;
  return (
    <span>
      <Tag className={clock.state === 'met' ? 'tag-good' : clock.state === 'breached' ? 'tag-bad' : undefined}>{t(`clockStates.${clock.state}`)}</Tag>
      {formatTime(clock.deadline)}
    </span>
  );
};

/** A table of cases: case number (and mall, across malls) first, then the columns given. */
const CaseTable = ({ rows, showMall, testId, empty, columns }: { rows: MallCase[]; showMall: boolean; testId: string; empty: string; columns: { title: string; cell: (row: MallCase) => ReactNode }[] }) => {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="plain-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('gm.caseNumber')}</th>
          {showMall && <th scope="col">{t('hq.rollup.mall')}</th>}
          {columns.map((column) => (
            <th scope="col" key={column.title}>
              {column.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.complaintId}>
            <td>
              <Link to={`/case/${row.complaintId}`}>{row.caseNumber ?? row.complaintId}</Link>
            </td>
            {showMall && <td>{row.mallId}</td>}
            {columns.map((column) => (
              <td key={column.title}>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** Cases past their time limit: which, where, whose, since when. */
export const BreachedTable = ({ rows, showMall = false, testId }: { rows: MallCase[]; showMall?: boolean; testId: string }) => {
  const { t } = useTranslation();
  return (
    <CaseTable
      rows={rows}
      showMall={showMall}
      testId={testId}
      empty={t('gm.today.noneBreached')}
      columns={[
        { title: t('gm.category'), cell: (row) => (row.category ? t(`categories.${row.category}`, { defaultValue: row.category }) : '—') },
        { title: t('gm.department'), cell: (row) => (row.handlingDepartmentId ? t(`departments.${row.handlingDepartmentId}`, { defaultValue: row.handlingDepartmentId }) : '—') },
        { title: t('gm.deadline'), cell: (row) => formatTime(row.nearestDeadline) },
      ]}
    />
  );
};

/** Major and critical cases with their GM (same day) and HQ (next day) report clocks. */
export const MajorTable = ({ rows, showMall = false, testId }: { rows: MallCase[]; showMall?: boolean; testId: string }) => {
  const { t } = useTranslation();
  return (
    <CaseTable
      rows={rows}
      showMall={showMall}
      testId={testId}
      empty={t('gm.today.noneMajor')}
      columns={[
        { title: t('gm.severity'), cell: (row) => t(`severities.${row.severity}`, { defaultValue: row.severity ?? '' }) },
        ...REPORT_CLOCKS.map((kind) => ({ title: t(`clockKinds.${kind}`), cell: (row: MallCase) => <ReportClock row={row} kind={kind} /> })),
      ]}
    />
  );
};
