import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useInbox, useMarkRead, type InboxItem } from './inbox';

// The drawer (antd Drawer and List) loads the first time the bell is clicked, not with every screen.
const NotificationDrawer = lazy(() => import('./NotificationDrawer'));

/** The header's bell: the unread count, and a drawer of the messages; a click opens the case and marks it read. */
export const NotificationBell = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
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
          data-loaded={inbox.isSuccess}
          onClick={() => {
            setOpened(true);
            setOpen(true);
          }}
        />
      </Badge>
      {opened && (
        <Suspense fallback={null}>
          <NotificationDrawer open={open} onClose={() => setOpen(false)} onOpenItem={openItem} items={inbox.data?.items ?? []} loading={inbox.isLoading} />
        </Suspense>
      )}
    </>
  );
};
