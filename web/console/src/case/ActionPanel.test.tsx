import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CaseView, HandlingCommand } from '../api/views';
import { DESK, ENGINEER, ENGINEERING_MANAGER, renderAs, route, serveApi } from '../test-support';
import { ActionPanel, visibleCommands } from './ActionPanel';

const view = (allowedCommands: HandlingCommand[], status = 'accepted'): CaseView => ({
  complaintId: '7d1c2f7e-0000-4000-8000-000000000001',
  mallId: 'SH01',
  version: 4,
  status,
  severity: null,
  validity: null,
  responsibility: null,
  owningDepartmentId: 'operations',
  handlingDepartmentId: 'engineering',
  assigneeStaffId: 'sh01-engineering-1',
  assistingDepartmentIds: [],
  allowedCommands,
});

describe('the case action panel', () => {
  it('offers exactly the commands the case allows and the role permits', () => {
    const allowed: HandlingCommand[] = ['VerifyCase', 'AddProgressNote', 'ApproveWrittenReply', 'TransferCase'];
    expect(visibleCommands(view(allowed), ENGINEER)).toEqual(['VerifyCase', 'AddProgressNote', 'TransferCase']);
    expect(visibleCommands(view(allowed), ENGINEERING_MANAGER)).toEqual(['VerifyCase', 'AddProgressNote', 'TransferCase', 'ApproveWrittenReply']);
    expect(visibleCommands(view(allowed), DESK)).toEqual([]);
    expect(visibleCommands(view([]), ENGINEERING_MANAGER)).toEqual([]);
  });

  it('shows a buttons per command and nothing for a state that allows none', () => {
    serveApi();
    const { unmount } = renderAs(ENGINEER, <ActionPanel view={view(['AcceptCase', 'TransferCase'], 'routed')} identity={ENGINEER} />);
    expect(screen.getByRole('button', { name: /受\s?理/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /转\s?派/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /结案处理/ })).not.toBeInTheDocument();
    unmount();
    // While the case is read again after a change, no command can start on the version shown.
    const refreshing = renderAs(ENGINEER, <ActionPanel view={view(['AcceptCase'], 'routed')} identity={ENGINEER} refreshing />);
    expect(screen.getByRole('button', { name: /受\s?理/ })).toBeDisabled();
    refreshing.unmount();
    renderAs(ENGINEER, <ActionPanel view={view([], 'resolved')} identity={ENGINEER} />);
    expect(screen.getByText('当前状态下您没有可执行的操作')).toBeInTheDocument();
  });

  it('sends the command with the version decided on, and shows a broken rule in Chinese', async () => {
    const requests = serveApi(
      route('POST', /\/resolve$/, 422, {
        status: 422,
        code: 'ROUTING_HANDLING_RULE_BROKEN',
        rule: 'incident-report-required',
        detail: 'a major case needs its incident report before it is resolved',
      }),
    );
    renderAs(ENGINEER, <ActionPanel view={view(['ResolveCase'])} identity={ENGINEER} />);
    await userEvent.click(screen.getByRole('button', { name: '结案处理' }));
    await userEvent.type(await screen.findByLabelText('处理措施'), '更换驱动链');
    await userEvent.type(screen.getByLabelText('告知客户的内容'), '电话告知');
    await userEvent.click(screen.getByRole('button', { name: /提\s?交/ }));
    expect(await screen.findByTestId('command-refusal')).toHaveTextContent('重大或严重案件须先提交事件报告才能结案');
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/cases/7d1c2f7e-0000-4000-8000-000000000001/resolve', body: { actionTaken: '更换驱动链', customerToldWhat: '电话告知' } });
  });

  it('names the state when the case moved on meanwhile', async () => {
    serveApi(route('POST', /\/accept$/, 422, { status: 422, code: 'ROUTING_CASE_IN_WRONG_STATE', state: 'resolved', allowedCommands: ['ReopenCase'] }));
    renderAs(ENGINEER, <ActionPanel view={view(['AcceptCase'], 'routed')} identity={ENGINEER} />);
    await userEvent.click(screen.getByRole('button', { name: /受\s?理/ }));
    await userEvent.click(screen.getByRole('button', { name: /提\s?交/ }));
    await waitFor(() => expect(screen.getByTestId('command-refusal')).toHaveTextContent('案件当前为“已解决”，不能执行此操作'));
  });
});
