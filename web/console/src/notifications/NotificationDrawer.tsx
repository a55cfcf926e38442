import { Badge, Drawer, List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../common/time';
import type { InboxItem } from './inbox';

/** The inbox's messages, newest first; unread ones marked. A click is the bell's to handle. */
const NotificationDrawer = ({ open, onClose, onOpenItem, items, loading }: { open: boolean; onClose: () => void; onOpenItem: (item: InboxItem) => void; items: InboxItem[]; loading: boolean }) => {
  const { t } = useTranslation();
  return (
      <Drawer title={t('notifications.title')} open={open} onClose={onClose} size="large">
        <List<InboxItem>
          data-testid="notification-list"
          loading={loading}
          dataSource={items}
          locale={{ emptyText: t('notifications.empty') }}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              className={item.readAt ? 'notification-read' : 'notification-unread'}
              data-notification-kind={item.kind}
              data-complaint-id={item.complaintId}
              data-read={item.readAt ? 'true' : 'false'}
            >
              <button type="button" className="notification-item" onClick={() => onOpenItem(item)}>
                <span className="notification-head">
                  {!item.readAt && <Badge status="processing" aria-hidden />}
                  <Tag color={item.kind === 'escalation' || item.kind === 'major-notice' ? 'red' : item.kind === 'warning' ? 'orange' : undefined}>
                    {t(`notifications.kinds.${item.kind}`, { defaultValue: item.kind })}
                  </Tag>
                  <strong>{item.caseNumber ?? '—'}</strong>
                  {!item.readAt && <span className="visually-hidden">{t('notifications.unread')}</span>}
                  <span className="muted"> {formatTime(item.createdAt)}</span>
                </span>
                <span className="notification-title">{item.title}</span>
                <span className="notification-body" title={item.body}>
                  {item.body}
                </span>
                {item.dueAt && (
                  <span className="muted">
                    {t('case.deadline')} {formatTime(item.dueAt)}
                  </span>
                )}
              </button>
            </List.Item>
          )}
        />
      </Drawer>
  );
};

export default NotificationDrawer;
