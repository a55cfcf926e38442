import { Alert, Col, Descriptions, Row, Tag, Timeline } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { ruleMessageOf } from '../api/problem';
import type { Complaint } from '../api/views';
import { useIdentity } from '../auth/session';
import { ClockList, SlaCountdown } from '../queue/SlaCountdown';
import { formatSeconds, formatTime } from '../common/time';
import { ActionPanel } from './ActionPanel';
import { Attachments } from './Attachments';
import { clocksOf, useCase } from './case-data';
import { useStaffNames } from './staff-names';
import { inShownOrder, sentenceOf } from './timeline-sentence';

export const Facts = ({ complaint }: { complaint: Complaint }) => {
  const { t } = useTranslation();
  const details = complaint.details ?? {};
  const contact = complaint.complainant;
  const department = (id: string | null) => (id ? t(`departments.${id}`, { defaultValue: id }) : '—');
  return (
    <section className="panel" aria-labelledby="facts-title">
      <h2 id="facts-title" className="panel-title">
        {t('case.facts')}
      </h2>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('desk.caseNumber')}>{complaint.caseNumber}</Descriptions.Item>
        <Descriptions.Item label={t('queue.status')}>
          <Tag>{t(`caseStatus.${complaint.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.kind')}>{t(`kinds.${complaint.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('case.channel')}>{complaint.channel ? t(`channels.${complaint.channel}`) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('desk.category')}>{t(`categories.${complaint.category}`)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.complainantType')}>{t(`complainantTypes.${complaint.complainantType}`)}</Descriptions.Item>
        <Descriptions.Item label={t('case.received')}>{formatTime(complaint.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.place')}>{typeof details.place === 'string' ? details.place : (details.channelDetails as { place?: string } | undefined)?.place ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.owning')}>{department(complaint.owningDepartmentId)}</Descriptions.Item>
        <Descriptions.Item label={t('case.handling')}>{department(complaint.handlingDepartmentId)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.description')} span={2}>
          {typeof details.description === 'string' ? details.description : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.complainant')} span={2}>
          <span data-testid="complainant" data-visibility={contact?.visibility ?? 'none'}>
            {contact ? [contact.name, contact.phone, contact.email, contact.address, contact.account].filter(Boolean).join(' · ') || '—' : '—'}
          </span>
          {contact?.visibility === 'masked' && (
            <Tag style={{ marginLeft: 8 }} color="default">
              {t('case.contactMasked')}
            </Tag>
          )}
        </Descriptions.Item>
      </Descriptions>
    </section>
  );
};

const CasePage = () => {
  const { t, i18n } = useTranslation();
  const { complaintId = '' } = useParams();
  const identity = useIdentity();
  const { complaint, handling, timeline, clocks } = useCase(complaintId);
  const nameOf = useStaffNames();
  const queryClient = useQueryClient();
  // Read again because it changed (not a routine poll): the actions wait for the new version.
  const handlingRefreshing = handling.isFetching && queryClient.getQueryState(['case', complaintId])?.isInvalidated === true;
  // Opened from a queue row: its case number titles the page before the facts arrive.
  const rowCaseNumber = (useLocation().state as { caseNumber?: unknown } | null)?.caseNumber;
  // The first paint is the title alone; the facts, timeline and actions (many antd parts) follow in a
  // deferred render, so the click is answered at once even when the case is already read.
  const bodyShown = useDeferredValue(true, false);

  if (complaint.isError)
    return (
      <Alert role="alert" type="error" showIcon title={ruleMessageOf(complaint.error, t, (key) => i18n.exists(key))} data-testid="case-error" />
    );
  const earlyTitle = complaint.data?.caseNumber ?? (typeof rowCaseNumber === 'string' ? rowCaseNumber : undefined);
  if (!complaint.data || !bodyShown)
    return (
      <>
        {earlyTitle !== undefined && (
          <h1 className="page-title">
            {t('case.title')} {earlyTitle}
          </h1>
        )}
        <p className="loading">{t('app.loading')}</p>
      </>
    );

  const caseClocks = clocksOf(clocks.data);
  return (
    <>
      <h1 className="page-title">
        {t('case.title')} {complaint.data.caseNumber}
      </h1>
      <Row gutter={24}>
        <Col span={15}>
          <Facts complaint={complaint.data} />
          <Attachments details={complaint.data.details} />
          <section className="panel" style={{ marginTop: 16 }} aria-labelledby="timeline-title">
            <h2 id="timeline-title" className="panel-title">
              {t('case.timeline')}
            </h2>
            <Timeline
              data-testid="timeline"
              items={inShownOrder(timeline.data?.entries ?? []).map((entry) => ({
                key: entry.eventId,
                content: (
                  <div data-event-type={entry.type}>
                    <span className="muted">{formatSeconds(entry.occurredAt)}</span> {sentenceOf(entry, t, nameOf)}
                  </div>
                ),
              }))}
            />
          </section>
        </Col>
        <Col span={9}>
          {handling.data && <ActionPanel view={handling.data} identity={identity} refreshing={handlingRefreshing} />}
          <section className="panel" style={{ marginTop: 16 }} aria-labelledby="clocks-title">
            <h2 id="clocks-title" className="panel-title">
              {t('case.clocks')}
            </h2>
            <ClockList clocks={caseClocks} />
            {caseClocks.length > 0 && <SlaCountdown clocks={caseClocks} fallbackDueAt={null} />}
          </section>
        </Col>
      </Row>
    </>
  );
};

export default CasePage;
