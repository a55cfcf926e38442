import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../api/views';
import { renderAs, route, serveApi } from '../test-support';
import type { SampledCase } from './samples-data';
import SamplesPage from './SamplesPage';

const HQ: Identity = { staffId: 'hq-ops-1', name: 'Lin', roles: ['hq-operations'], mallId: null, departmentId: null };
const SAMPLE = '11111111-1111-4111-8111-111111111111';
const CASE_A = '00000000-0000-4000-8000-00000000000a';
const CASE_B = '00000000-0000-4000-8000-00000000000b';

const sampled = (complaintId: string, caseNumber: string, result: SampledCase['result'] = null): SampledCase => ({
  sampleId: SAMPLE,
  complaintId,
  mallId: 'SH01',
  caseNumber,
  severity: 'major',
  drawnBy: 'hq-ops-1',
  drawnAt: '2026-12-01T02:00:00Z',
  result,
});

const POLICY = { malls: [{ id: 'SH01', name: '上海一号店', nameEn: 'Shanghai One', city: '上海', timeZone: 'Asia/Shanghai', enabledChannels: [], departments: [] }] };

describe('HQ sample callbacks', () => {
  it('draws a sample of the chosen mall, records HQ’s call and shows it apart from the mall’s own result', async () => {
    const called = sampled(CASE_B, 'SH01-20261102-0002', {
      method: 'phone',
      reached: true,
      satisfaction: 'dissatisfied',
      solved: false,
      comment: '仍有噪音',
      recordedBy: 'hq-ops-1',
      recordedAt: '2026-12-01T03:00:00Z',
    });
    const requests = serveApi(
      route('GET', /\/admin\/policy$/, 200, POLICY),
      route('POST', /\/callbacks\/samples$/, 201, { sampleId: SAMPLE, mallId: 'SH01', eligible: 7, cases: [sampled(CASE_A, 'SH01-20261101-0001')] }),
      route('GET', /\/callbacks\/samples$/, 200, { items: [sampled(CASE_A, 'SH01-20261101-0001'), called], total: 2, nextOffset: null }),
      route('POST', /\/callbacks\/samples\/.+\/result$/, 201, sampled(CASE_A, 'SH01-20261101-0001')),
      route('GET', new RegExp(`/callbacks/${CASE_B}$`), 200, { complaintId: CASE_B, satisfaction: 'satisfied', closedBecause: 'satisfied' }),
    );
    renderAs(HQ, <SamplesPage />);
    const table = await screen.findByTestId('samples', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(table).getByText('仍有噪音', { exact: false })).toBeInTheDocument());
    // HQ heard "dissatisfied" where the mall's own callback closed it satisfied: both shown, side by side.
    const row = within(table).getByText('SH01-20261102-0002').closest('tr') as HTMLElement;
    expect(within(row).getByText('不满意')).toBeInTheDocument();
    expect(await within(row).findByText('满意')).toBeInTheDocument();
    expect(screen.getByTestId('samples-summary')).toHaveTextContent('抽取 2 件，已回访 1 件，联系上 1 件，其中满意 0 件');

    expect(screen.getByRole('button', { name: '抽取样本' })).toBeDisabled();
    await userEvent.click(screen.getByRole('combobox', { name: '商场' }));
    await userEvent.click(await screen.findByText('上海一号店 (SH01)'));
    await userEvent.click(screen.getByRole('button', { name: '抽取样本' }));
    expect(await screen.findByTestId('drawn')).toHaveTextContent('已从 SH01 的 7 件可抽案件中抽取 1 件');
    expect(requests.find((request) => request.method === 'POST' && request.path === '/callbacks/samples')?.body).toEqual({ mallId: 'SH01', size: 5 });

    const open = within(table).getByText('SH01-20261101-0001').closest('tr') as HTMLElement;
    await userEvent.click(within(open).getByRole('button', { name: '记录回访' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    expect(await within(dialog).findByText('联系上时请选择满意度')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByText('非常满意'));
    await userEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    await waitFor(() =>
      expect(requests.find((request) => request.method === 'POST' && request.path.endsWith('/result'))).toMatchObject({
        path: `/callbacks/samples/${SAMPLE}/cases/${CASE_A}/result`,
        body: { method: 'phone', reached: true, solved: true, satisfaction: 'very-satisfied' },
      }),
    );
  });

  it('says so when the mall has nothing left to sample', async () => {
    serveApi(
      route('GET', /\/admin\/policy$/, 200, POLICY),
      route('GET', /\/callbacks\/samples$/, 200, { items: [], total: 0, nextOffset: null }),
      route('POST', /\/callbacks\/samples$/, 422, { status: 422, code: 'CALLBACK_NOTHING_TO_SAMPLE', detail: 'SH01 has no resolved major or critical case' }),
    );
    renderAs(HQ, <SamplesPage />);
    await userEvent.click(await screen.findByRole('combobox', { name: '商场' }));
    await userEvent.click(await screen.findByText('上海一号店 (SH01)'));
    await userEvent.click(screen.getByRole('button', { name: '抽取样本' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('该商场没有可抽取的案件');
  });
});
