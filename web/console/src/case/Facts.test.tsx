import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Complaint } from '../api/views';
import { DESK, renderAs, serveApi } from '../test-support';
import { Facts } from './CasePage';

const complaint = (complainant: Complaint['complainant'], contactVisibility: Complaint['contactVisibility']): Complaint => ({
  id: 'c1',
  mallId: 'SH01',
  caseNumber: 'SH01-20261202-0001',
  kind: 'complaint',
  channel: 'phone',
  category: 'engineering-equipment',
  complainantType: 'consumer',
  receivedAt: '2026-12-02T01:30:00.000Z',
  status: 'open',
  written: false,
  collective: false,
  owningDepartmentId: 'operations',
  handlingDepartmentId: 'engineering',
  details: { description: '3号扶梯停运' },
  answer: null,
  complainant,
  contactVisibility,
  collectiveCase: null,
});

describe('the case facts', () => {
  it('shows the contact exactly as the API masked it, and says so', () => {
    serveApi();
    renderAs(DESK, <Facts complaint={complaint({ subjectId: 's1', visibility: 'masked', name: '张*', phone: '138****5678' }, 'masked')} />);
    expect(screen.getByTestId('complainant')).toHaveTextContent('张* · 138****5678');
    expect(screen.getByTestId('complainant')).toHaveAttribute('data-visibility', 'masked');
    expect(screen.getByText('联系方式已按权限脱敏')).toBeInTheDocument();
    expect(screen.queryByText(/13812345678/)).not.toBeInTheDocument();
  });

  it('shows it in clear to a role the API gave it to, in the mall’s time zone', () => {
    serveApi();
    renderAs(DESK, <Facts complaint={complaint({ subjectId: 's1', visibility: 'full', name: '张三', phone: '13812345678' }, 'full')} />);
    expect(screen.getByTestId('complainant')).toHaveTextContent('张三 · 13812345678');
    expect(screen.queryByText('联系方式已按权限脱敏')).not.toBeInTheDocument();
    expect(screen.getByText('2026-12-02 09:30')).toBeInTheDocument();
  });
});
