import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatTime } from '../common/time';
import '../i18n/steering';
import '../reports/steering.css';
import { filterOf, matches, useAwaitingApproval, useMallCases, type CaseFilter, type MallCase } from './today-data';

const describe = (filter: CaseFilter, t: (key: string) => string): string[] => [
  ...(filter.status ? [t(`caseStatus.${filter.status}`)] : []),
  ...(filter.severity ? [filter.severity === 'unclassified' ? t('gm.unclassified') : t(`severities.${filter.severity}`)] : []),
  ...(filter.grade ? [t(`grades.${filter.grade}`)] : []),
  ...(filter.reportClocks ? [t('gm.today.majorOrCritical')] : []),
  ...(filter.approval ? [t('gm.today.awaitingApproval')] : []),
];

/** The open cases behind one of Today's numbers: the same rows, the same filter. */
const MallCasesPage = () => {
  const { t } = useTranslation();
  const { mallId = '' } = useParams();
  const [params] = useSearchParams();
  const filter = filterOf(params);
  const cases = useMallCases(mallId);
  const approvals = useAwaitingApproval(filter.approval ? cases.rows.filter((row) => row.written) : []);
  const rows = filter.approval ? approvals.waiting : cases.rows.filter((row) => matches(row, filter));
  const labels = describe(filter, t);

  return (
    <>
      <h1 className="page-title">
        {t('gm.cases.title', { mallId })} {labels.length > 0 ? `· ${labels.join(' · ')}` : ''}
      </h1>
      <p>
        <Link to={`/malls/${mallId}/today`}>{t('gm.cases.backToToday')}</Link>
      </p>
      <Table<MallCase>
        rowKey="complaintId"
        size="small"
        loading={cases.isLoading || (filter.approval === true && approvals.loading)}
        dataSource={rows}
        pagination={{ pageSize: 50, showTotal: (total) => t('common.total', { count: total }) }}
        columns={[
          { title: t('gm.caseNumber'), key: 'caseNumber', render: (_, row) => <Link to={`/case/${row.complaintId}`}>{row.caseNumber ?? row.complaintId}</Link> },
          { title: t('gm.status'), key: 'status', render: (_, row) => t(`caseStatus.${row.status}`, { defaultValue: row.status }) },
          { title: t('gm.severity'), key: 'severity', render: (_, row) => (row.severity ? t(`severities.${row.severity}`) : t('gm.unclassified')) },
          { title: t('gm.category'), key: 'category', render: (_, row) => (row.category ? t(`categories.${row.category}`, { defaultValue: row.category }) : '—') },
          { title: t('gm.department'), key: 'department', render: (_, row) => (row.handlingDepartmentId ? t(`departments.${row.handlingDepartmentId}`, { defaultValue: row.handlingDepartmentId }) : '—') },
          { title: t('gm.grade'), key: 'grade', render: (_, row) => <Tag className={row.grade === 'breached' ? 'tag-bad' : row.grade === 'at-risk' ? 'tag-warn' : undefined}>{t(`grades.${row.grade}`)}</Tag> },
          { title: t('gm.deadline'), key: 'deadline', render: (_, row) => formatTime(row.nearestDeadline) },
          { title: t('gm.receivedAt'), key: 'receivedAt', render: (_, row) => formatTime(row.receivedAt) },
        ]}
      />
    </>
  );
};

export default MallCasesPage;
