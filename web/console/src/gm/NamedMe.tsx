import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTime } from '../common/time';
import { useInbox } from '../notifications/inbox';

/** The kinds of inbox message that are a breach or escalation reaching me, or a major case reported to me. */
const NAMED_ME = new Set(['escalation', 'major-notice', 'media-risk', 'collective']);

/** Breaches and escalations that named the signed-in person (sla-monitor's inbox, refreshed by /live). */
export const NamedMe = () => {
  const { t } = useTranslation();
  const inbox = useInbox();
  const namedMe = (inbox.data?.items ?? []).filter((item) => NAMED_ME.has(item.kind) && item.complaintId);
  return (
    <section className="panel" aria-labelledby="named-me-title">
      <h2 id="named-me-title" className="panel-title">
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
  );
};
