import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { DESK, renderAs, route, serveApi } from '../test-support';
import DeskPage from './DeskPage';

describe('the desk page', () => {
  it('registers with Ctrl+Enter, shows the number and code large, and Alt+N starts a fresh form', async () => {
    const requests = serveApi(
      route('POST', /^\/complaints$/, 201, { id: 'c1', caseNumber: 'SH01-20261202-0007', kind: 'complaint', status: 'open', outcome: 'registered', registrationId: 'c1', lookupCode: 'K7M2Q9XA' }),
      route('GET', /^\/complaints$/, 200, { items: [], total: 0, nextOffset: null }),
    );
    renderAs(DESK, <DeskPage />);
    fireEvent.change(await screen.findByLabelText('事件描述'), { target: { value: '3号扶梯停运' } });
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    // The card is its own chunk: the first import in a cold test run can take longer than findBy's default second.
    expect(await screen.findByTestId('case-number', {}, { timeout: 5_000 })).toHaveTextContent('SH01-20261202-0007');
    expect(screen.getByTestId('lookup-code')).toHaveTextContent('K7M2Q9XA');
    expect(requests.find((request) => request.method === 'POST')?.body).toMatchObject({ description: '3号扶梯停运' });
    // Today's list is this desk's: what the signed-in agent recorded, not the whole mall's.
    const today = new URLSearchParams(requests.find((request) => request.method === 'GET' && request.path === '/complaints')?.search);
    expect([today.get('mallId'), today.get('recordedBy')]).toEqual(['SH01', DESK.staffId]);
    fireEvent.keyDown(window, { key: 'n', altKey: true });
    expect(await screen.findByLabelText('事件描述')).toHaveValue('');
  });

  it('lists the shortcuts on ?', async () => {
    serveApi(route('GET', /^\/complaints$/, 200, { items: [], total: 0, nextOffset: null }));
    renderAs(DESK, <DeskPage />);
    fireEvent.keyDown(document.body, { key: '?' });
    expect(await screen.findByTestId('shortcut-sheet')).toHaveTextContent('Ctrl + Enter：提交登记');
  });

  it('switches to English without a Chinese label left on the form', async () => {
    serveApi(route('GET', /^\/complaints$/, 200, { items: [], total: 0, nextOffset: null }));
    await i18n.changeLanguage('en-US');
    try {
      renderAs(DESK, <DeskPage />);
      expect(await screen.findByLabelText('What happened')).toBeInTheDocument();
      await waitFor(() => expect(screen.getByRole('button', { name: 'Register' })).toBeInTheDocument());
      expect(document.querySelector('form')?.textContent ?? '').not.toMatch(/[\u4e00-\u9fff]/);
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });
});
