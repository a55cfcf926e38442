import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DESK, renderAs, route, serveApi } from '../test-support';
import { registrationOf, RegisterForm } from './RegisterForm';

const chooseOption = async (label: string, option: string) => {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const options = await screen.findAllByTitle(option);
  fireEvent.click(options[options.length - 1]);
};

describe('the desk registration form', () => {
  it('shows intake’s field errors in Chinese next to the fields, and sends only what was filled in', async () => {
    const requests = serveApi(
      route('POST', /^\/complaints$/, 400, {
        status: 400,
        detail: 'request is invalid',
        errors: [
          { field: 'category', messages: ['category must be one of the following values: …'] },
          { field: 'place', messages: ['place is required for a walk-in: where the customer was received'] },
          { field: 'description', messages: ['description should not be empty'] },
        ],
      }),
    );
    renderAs(DESK, <RegisterForm mallId="SH01" onRegistered={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: /登\s?记/ }));

    expect(await screen.findByText('现场来访须填写接待地点')).toBeInTheDocument();
    expect(screen.getByText('请选择问题分类')).toBeInTheDocument();
    expect(screen.getByText(/请填写事件描述/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('请按提示修改标红的项目');
    // Next to its field: the message is the place field's own help.
    expect(document.getElementById('place_help')).toHaveTextContent('现场来访须填写接待地点');
    expect(requests).toHaveLength(1);
    expect(requests[0].body).toMatchObject({ mallId: 'SH01', kind: 'complaint', channel: 'walk-in', complainantType: 'consumer' });
    expect(requests[0].body).not.toHaveProperty('place');
    expect(requests[0].body).not.toHaveProperty('businessAffected');

    await userEvent.type(screen.getByLabelText('接待地点'), '1F 总服务台');
    await waitFor(() => expect(screen.queryByText('现场来访须填写接待地点')).not.toBeInTheDocument());
    expect(screen.getByText('请选择问题分类')).toBeInTheDocument();
  });

  it('asks each channel for its own facts: a phone call for the number to call back', async () => {
    serveApi();
    renderAs(DESK, <RegisterForm mallId="SH01" onRegistered={vi.fn()} />);
    expect(screen.getByLabelText('接待地点')).toBeInTheDocument();
    await chooseOption('受理渠道', '电话');
    await waitFor(() => expect(screen.queryByLabelText('接待地点')).not.toBeInTheDocument());
    const phone = screen.getByLabelText('联系电话');
    expect(phone.closest('.ant-form-item')?.querySelector('.ant-form-item-required')).not.toBeNull();
    await chooseOption('受理渠道', '政府转办');
    expect(await screen.findByLabelText('转办单位')).toBeInTheDocument();
  });

  it('reports the case number and code of a registration', async () => {
    serveApi(route('POST', /^\/complaints$/, 201, { id: 'c1', caseNumber: 'SH01-20261202-0001', kind: 'complaint', status: 'open', outcome: 'registered', registrationId: 'c1', lookupCode: 'K7M2Q9XA' }));
    const onRegistered = vi.fn();
    renderAs(DESK, <RegisterForm mallId="SH01" onRegistered={onRegistered} />);
    await userEvent.type(screen.getByLabelText('事件描述'), '3号扶梯停运');
    await userEvent.click(screen.getByRole('button', { name: /登\s?记/ }));
    await waitFor(() => expect(onRegistered).toHaveBeenCalledWith(expect.objectContaining({ caseNumber: 'SH01-20261202-0001', lookupCode: 'K7M2Q9XA' })));
  });

  it('uploads a scanned letter as soon as it is picked and registers with its reference', async () => {
    const reference = 'attachment:5f0c2a8e-6b1d-4c3e-9a7f-2d4b6c8e0a1f';
    const requests = serveApi(
      route('POST', /^\/attachments$/, 201, { attachmentId: reference.slice(11), fileName: 'letter.pdf', contentType: 'application/pdf', size: 9, reference }),
      route('POST', /^\/complaints$/, 201, { id: 'c1', caseNumber: 'SH01-20261202-0001', kind: 'complaint', status: 'open', outcome: 'registered', registrationId: 'c1' }),
    );
    const onRegistered = vi.fn();
    renderAs(DESK, <RegisterForm mallId="SH01" onRegistered={onRegistered} />);
    await userEvent.upload(await screen.findByLabelText('附件（照片、扫描件）'), new File(['%PDF-1.7\n'], 'letter.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('letter.pdf')).toBeInTheDocument();
    await waitFor(() => expect(requests.some((request) => request.path === '/attachments')).toBe(true));
    // (jsdom's FormData does not carry the file into undici's Request: the browser e2e uploads real bytes.)
    expect(String(requests.find((request) => request.path === '/attachments')?.body)).toContain('formdata');

    await userEvent.type(screen.getByLabelText('事件描述'), '商户来信反映空调不制冷');
    await waitFor(() => expect(screen.getByRole('button', { name: /登\s?记/ })).toBeEnabled());
    await userEvent.click(screen.getByRole('button', { name: /登\s?记/ }));
    await waitFor(() => expect(onRegistered).toHaveBeenCalled());
    expect(requests.find((request) => request.path === '/complaints')?.body).toMatchObject({ attachments: [{ reference }] });
  });

  it('refuses a file of another type before sending it, and says which', async () => {
    const requests = serveApi();
    renderAs(DESK, <RegisterForm mallId="SH01" onRegistered={vi.fn()} />);
    await userEvent.setup({ applyAccept: false }).upload(await screen.findByLabelText('附件（照片、扫描件）'), new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('“notes.txt”不是可接受的文件类型');
    expect(requests.some((request) => request.path === '/attachments')).toBe(false);
  });

  it('turns the form into intake’s request: trimmed, blanks left out, the time in ISO', () => {
    const body = registrationOf({ kind: 'inquiry', channel: 'phone', complainantType: 'consumer', description: '  停车场几点关门 ', contactPhone: ' ', answer: '22:00', businessAffected: false }, 'SH01');
    expect(body).toEqual({ mallId: 'SH01', kind: 'inquiry', channel: 'phone', complainantType: 'consumer', description: '停车场几点关门', answer: '22:00' });
  });
});
