import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ENGINEER, renderAs, serveApi } from '../test-support';
import { Attachments, attachmentsOf } from './Attachments';

const PHOTO = '5f0c2a8e-6b1d-4c3e-9a7f-2d4b6c8e0a1f';
const LETTER = '6a1d3b9f-7c2e-4d4f-8b80-3e5c7d9f1b20';

describe('the case’s attachments', () => {
  it('shows an image’s preview read with the token, a PDF as a file to open, and a reference kept elsewhere', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:preview');
    URL.revokeObjectURL = vi.fn();
    const requests = serveApi((request) => (new URL(request.url).pathname === `/attachments/${PHOTO}/preview` ? { status: 200, body: 'webp' } : undefined));
    const details = {
      description: '扶梯',
      attachments: [
        { reference: `attachment:${PHOTO}`, mediaType: 'image/jpeg' },
        { reference: `attachment:${LETTER}`, mediaType: 'application/pdf', caption: '商户来函' },
        { reference: 'oa://referral/2026-118' },
      ],
    };
    renderAs(ENGINEER, <Attachments details={details} />);
    expect(await screen.findByRole('img', { name: '附件 1' })).toHaveAttribute('src', 'blob:preview');
    expect(screen.getByText('商户来函')).toBeInTheDocument();
    expect(screen.getByText('外部文件：oa://referral/2026-118')).toBeInTheDocument();
    await waitFor(() => expect(requests.map((request) => request.path)).toEqual([`/attachments/${PHOTO}/preview`]));
  });

  it('reads only well-formed entries and says when there are none', () => {
    expect(attachmentsOf({ attachments: [{ reference: 'attachment:x' }, { nope: 1 }, null] })).toEqual([{ reference: 'attachment:x' }]);
    expect(attachmentsOf(null)).toEqual([]);
    serveApi();
    renderAs(ENGINEER, <Attachments details={{}} />);
    expect(screen.getByText('无附件')).toBeInTheDocument();
  });
});
