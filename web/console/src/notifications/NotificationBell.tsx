import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, List, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatTime } from '../shared/time';
import { useInbox, useMarkRead, type InboxItem } from './inbox';

/** The header's bell: the unread count, and a drawer of the messages; a click opens the case and marks it read. */
export const NotificationBell = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const inbox = useInbox();
  const markRead = useMarkRead();
  const unread = inbox.data?.unread ?? 0;

  const openItem = (item: InboxItem) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
    navigate(`/case/${item.complaintId}`);
  };

  return (
    <>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          shape="circle"
          icon={<BellOutlined />}
          aria-label={t('notifications.open', { count: unread })}
          data-testid="notification-bell"
          data-unread={unread}
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer title={t('notifications.title')} open={open} onClose={() => setOpen(false)} size="large">
        <List<InboxItem>
          data-testid="notification-list"
          loading={inbox.isLoading}
          dataSource={inbox.data?.items ?? []}
          locale={{ emptyText: t('notifications.empty') }}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              className={item.readAt ? 'notification-read' : 'notification-unread'}
              data-notification-kind={item.kind}
              data-read={item.readAt ? 'true' : 'false'}
            >
              <button type="button" className="notification-item" onClick={() => openItem(item)}>
                <span className="notification-head">
                  {!item.readAt && <Badge status="processing" aria-hidden />}
                  <Tag color={item.kind === 'escalation' || item.kind === 'major-notice' ? 'red' : item.kind === 'warning' ? 'orange' : undefined}>
                    {t(`notifications.kinds.${item.kind}`, { defaultValue: item.kind })}
                  </Tag>
                  <strong>{item.caseNumber ?? '—'}</strong>
                  {!item.readAt && <span className="visually-hidden">{t('notifications.unread')}</span>}
                  <span className="muted"> {formatTime(item.createdAt)}</span>
                </span>
                <span className="notification-body">{item.body}</span>
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
    </>
  );
};
