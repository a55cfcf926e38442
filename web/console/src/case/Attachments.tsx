import { FilePdfOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Image } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attachmentIdOf, attachmentKey, readAttachment, usePreviewUrl, type AttachmentReference } from '../attachments/attachments';

/** The files a registration named, from the complaint's details (ComplaintRegistered's attachments[]). */
export const attachmentsOf = (details: Record<string, unknown> | null): AttachmentReference[] => {
  const listed = details?.attachments;
  return Array.isArray(listed) ? listed.filter((entry): entry is AttachmentReference => typeof (entry as AttachmentReference | null)?.reference === 'string') : [];
};

/** How long an opened original stays in memory for its tab to read it. */
const OPENED_URL_KEPT_MS = 60_000;

const StoredFile = ({ attachmentId, mediaType, label }: { attachmentId: string; mediaType?: string; label: string }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const image = mediaType?.startsWith('image/') ?? false;
  const preview = usePreviewUrl(attachmentId, image);
  const [failed, setFailed] = useState(false);
  const [opening, setOpening] = useState(false);
  // The tab opens at the click (no popup blocker), then shows the original once read.
  const open = async () => {
    const tab = window.open('', '_blank');
    setOpening(true);
    try {
      const blob = await queryClient.fetchQuery({ queryKey: attachmentKey(attachmentId, 'original'), queryFn: () => readAttachment(attachmentId, 'original'), staleTime: Number.POSITIVE_INFINITY });
      const url = URL.createObjectURL(blob);
      if (tab) tab.location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), OPENED_URL_KEPT_MS);
    } catch {
      tab?.close();
      setFailed(true);
    } finally {
      setOpening(false);
    }
  };
  if (preview.isError || failed) return <span className="muted">{t('case.attachmentUnavailable')}</span>;
  return (
    <figure className="attachment" data-testid="attachment" data-attachment-id={attachmentId}>
      {image ? (
        preview.url ? <Image src={preview.url} alt={label} width={120} height={90} style={{ objectFit: 'cover' }} /> : <div className="attachment-placeholder" aria-busy="true" />
      ) : (
        <FilePdfOutlined className="attachment-icon" aria-hidden />
      )}
      <figcaption>
        {label}
        <Button type="link" size="small" onClick={() => void open()} loading={opening}>
          {t('case.openAttachment')}
        </Button>
      </figcaption>
    </figure>
  );
};

export const Attachments = ({ details }: { details: Record<string, unknown> | null }) => {
  const { t } = useTranslation();
  const listed = attachmentsOf(details);
  return (
    <section className="panel" style={{ marginTop: 16 }} aria-labelledby="attachments-title">
      <h2 id="attachments-title" className="panel-title">
        {t('case.attachments')}
      </h2>
      {listed.length === 0 ? (
        <p className="muted">{t('case.noAttachments')}</p>
      ) : (
        <div className="attachments">
          {listed.map((entry, index) => {
            const id = attachmentIdOf(entry.reference);
            const label = entry.caption ?? t('case.attachmentNumber', { n: index + 1 });
            return id ? (
              <StoredFile key={entry.reference} attachmentId={id} mediaType={entry.mediaType} label={label} />
            ) : (
              <p key={entry.reference} className="muted">
                {t('case.externalAttachment', { reference: entry.reference })}
              </p>
            );
          })}
        </div>
      )}
    </section>
  );
};
