import { useQuery } from '@tanstack/react-query';
import type { UploadFile } from 'antd';
import { useEffect, useMemo } from 'react';
import { body, intake } from '../api/client';
import { ApiError, type Problem } from '../api/problem';

/** What intake answers an upload with (its AttachmentResponse). */
export interface UploadedAttachment {
  attachmentId: string;
  fileName: string;
  contentType: string;
  size: number;
  reference: string;
}

/** A file in the desk's upload list; `response` is intake's answer once stored. */
export type AttachmentFile = UploadFile<UploadedAttachment>;

/** The references of the files intake has stored, for the registration's attachments[]. */
export const referencesOf = (files: AttachmentFile[] | undefined): { reference: string }[] =>
  (files ?? []).flatMap((file) => (file.status === 'done' && file.response ? [{ reference: file.response.reference }] : []));

export const isUploading = (files: AttachmentFile[] | undefined): boolean => (files ?? []).some((file) => file.status === 'uploading');

/** A file as a registration names it (ComplaintRegistered's attachments[], in the complaint's details). */
export interface AttachmentReference {
  reference: string;
  mediaType?: string;
  caption?: string;
}

/** The types intake accepts (it checks the bytes, not the name) and the default size limit (ATTACHMENT_MAX_BYTES). */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;
export const MAX_BYTES = 10 * 1024 * 1024;

export const uploadAttachment = (file: File): Promise<UploadedAttachment> => {
  const form = new FormData();
  form.append('file', file, file.name);
  // openapi-fetch passes a FormData through as it is; the browser sets the multipart boundary.
  return body<UploadedAttachment>(intake.POST('/attachments', { body: form as never }));
};

const UPLOADED = /^attachment:([0-9a-f-]{36})$/i;
/** The stored file a reference names, or null for a document kept elsewhere. */
export const attachmentIdOf = (reference: string): string | null => UPLOADED.exec(reference)?.[1] ?? null;

/** The bytes of a stored file or its preview, read with the bearer token (an <img> cannot send it). */
export const readAttachment = async (attachmentId: string, variant: 'preview' | 'original'): Promise<Blob> => {
  const path = { params: { path: { id: attachmentId } }, parseAs: 'blob' as const };
  const { data, error, response } = variant === 'preview' ? await intake.GET('/attachments/{id}/preview', path) : await intake.GET('/attachments/{id}', path);
  if (!response.ok || !data) throw new ApiError(response.status, (error ?? {}) as Problem);
  return data as Blob;
};

export const attachmentKey = (attachmentId: string, variant: 'preview' | 'original') => ['attachment', attachmentId, variant] as const;

/** An image's preview as an object URL, released when no longer shown. */
export const usePreviewUrl = (attachmentId: string, enabled: boolean) => {
  const read = useQuery({
    queryKey: attachmentKey(attachmentId, 'preview'),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: () => readAttachment(attachmentId, 'preview'),
  });
  const url = useMemo(() => (read.data ? URL.createObjectURL(read.data) : null), [read.data]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return { url, isError: read.isError };
};
