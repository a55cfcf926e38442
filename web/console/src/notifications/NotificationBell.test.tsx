import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { ENGINEER, renderAs, serveApi } from '../test-support';
import type { InboxItem } from './inbox';
import { NotificationBell } from './NotificationBell';

const message = (id: string, readAt: string | null): InboxItem => ({
  id,
  complaintId: `case-${id}`,
  caseNumber: `SH01-20261202-000${id}`,
  kind: 'escalation',
  rung: 'department-manager',
  title: '超时升级：案件 SH01-20261202-0001',
  body: '转派时限已超时，升级至部门经理',
  link: `/case/case-${id}`,
  dueAt: '2026-12-02T03:00:00Z',
  createdAt: '2026-12-02T02:00:00Z',
  readAt,
});

describe('the notification bell', () => {
  it('shows the unread count, lists the inbox, and opens the case marking the message read', async () => {
    let readAt: string | null = null;
    const requests = serveApi((request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET' && path === '/notifications/inbox')
        return { status: 200, body: { items: [message('1', readAt), message('2', '2026-12-02T02:30:00Z')], unread: readAt ? 0 : 1, total: 2, nextOffset: null } };
      if (request.method === 'POST' && path === '/notifications/1/read') {
        readAt = '2026-12-02T04:00:00Z';
        return { status: 200, body: { id: '1', readAt } };
      }
      return undefined;
    });
    renderAs(
      ENGINEER,
      <Routes>
        <Route path="/" element={<NotificationBell />} />
        <Route path="/case/:complaintId" element={<><NotificationBell /><p>case page</p></>} />
      </Routes>,
    );
    const bell = await screen.findByRole('button', { name: '消息通知（1 条未读）' });
    await userEvent.click(bell);
    expect(await screen.findByText('SH01-20261202-0001')).toBeInTheDocument();
    expect(document.querySelectorAll('[data-read="false"]')).toHaveLength(1);
    expect(screen.getAllByText('超时升级')).toHaveLength(2);

    await userEvent.click(screen.getByText('SH01-20261202-0001'));
    expect(await screen.findByText('case page')).toBeInTheDocument();
    expect(requests.some((request) => request.method === 'POST' && request.path === '/notifications/1/read')).toBe(true);
    await waitFor(() => expect(screen.getByTestId('notification-bell')).toHaveAttribute('data-unread', '0'));
  });
});
