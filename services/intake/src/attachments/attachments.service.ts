import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { AttachmentReferenceV1 } from '@mallcare/contracts';
import { assertMallAccess, canAccessMall, hasAnyRole, PolicyStore, type Identity } from '@mallcare/platform';
import { findMall } from '@mallcare/policy';
import sharp from 'sharp';
import type { EntityManager } from 'typeorm';
import { AttachmentException } from './attachment.exception';
import { ATTACHMENT_TYPES, PREVIEWABLE_TYPES, sniffAttachmentType } from './attachment-types';
import { ATTACHMENT_READER_ROLES } from './attachment-access';
import { AttachmentsRepository, type AttachmentRecord } from './attachments.repository';
import { ATTACHMENT_SETTINGS, type AttachmentSettings } from './attachments.settings';
import { OBJECT_STORE, type ObjectStore } from './object-store';

/** What multer hands over of one uploaded part (memory storage). */
export interface UploadedFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export interface AttachmentView {
  attachmentId: string;
  fileName: string;
  contentType: string;
  size: number;
  /** What a registration's `attachments[].reference` names it by. */
  reference: string;
}

export interface AttachmentContent {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const REFERENCE = /^attachment:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The attachment id an event's reference names, or null for a reference to something kept elsewhere. */
export const attachmentIdOf = (reference: string): string | null => REFERENCE.exec(reference)?.[1]?.toLowerCase() ?? null;

const PREVIEW_TYPE = 'image/webp';

/**
 * Uploaded files: checked by their own bytes, kept in the object store with a downscaled preview for
 * images, readable by the staff who may read the case (its mall's, and HQ), linked to a case and its
 * complainant at registration, and deleted with the complainant's personal data.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('intake:attachments');

  constructor(
    private readonly attachments: AttachmentsRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(ATTACHMENT_SETTINGS) private readonly settings: AttachmentSettings,
    private readonly policy: PolicyStore,
  ) {}

  async upload(identity: Identity, file: UploadedFile | undefined, requestedMallId: string | undefined, now = new Date()): Promise<AttachmentView> {
    if (!file) throw new BadRequestException({ message: 'request is invalid', errors: [{ field: 'file', messages: ['a file is required (multipart field "file")'] }] });
    if (requestedMallId) assertMallAccess(identity, requestedMallId);
    const mallId = identity.mallId ?? requestedMallId;
    if (!mallId) throw new AttachmentException('ATTACHMENT_MALL_REQUIRED', 'HQ staff name the mall the file is for (field mallId)', { field: 'mallId' });
    if (!findMall(this.policy.current(now), mallId)) throw new AttachmentException('ATTACHMENT_MALL_REQUIRED', `the group has no mall ${mallId}`, { field: 'mallId' });
    if (file.size > this.settings.maxBytes) throw this.tooLarge();
    const contentType = sniffAttachmentType(file.buffer);
    if (!contentType) throw unsupported('the file is not a JPEG, PNG, WebP or HEIC image, nor a PDF');

    const attachmentId = randomUUID();
    const objectKey = `${mallId}/${attachmentId}/original`;
    const preview = PREVIEWABLE_TYPES.includes(contentType) ? await this.previewOf(file.buffer) : null;
    const previewKey = preview ? `${mallId}/${attachmentId}/preview` : null;
    await this.store.put(objectKey, file.buffer, contentType);
    if (preview && previewKey) await this.store.put(previewKey, preview, PREVIEW_TYPE);
    const fileName = cleanFileName(file.originalname, contentType);
    const record: AttachmentRecord = { attachmentId, mallId, fileName, contentType, size: file.size, objectKey, previewKey, complaintId: null };
    await this.attachments.insert(record, identity.staffId, now);
    return { attachmentId, fileName, contentType, size: file.size, reference: `attachment:${attachmentId}` };
  }

  /** The file or its preview; another mall's reads as not found, like its case. HEIC has no preview: the original is served. */
  async content(identity: Identity, attachmentId: string, variant: 'original' | 'preview'): Promise<AttachmentContent> {
    const [record] = await this.attachments.find([attachmentId]);
    if (!record || !hasAnyRole(identity, ATTACHMENT_READER_ROLES) || !canAccessMall(identity, record.mallId)) {
      throw new AttachmentException('ATTACHMENT_NOT_FOUND', `no attachment ${attachmentId}`);
    }
    let key = record.objectKey;
    let contentType = record.contentType;
    if (variant === 'preview') {
      if (record.previewKey) {
        key = record.previewKey;
        contentType = PREVIEW_TYPE;
      } else if (!record.contentType.startsWith('image/')) {
        throw new AttachmentException('ATTACHMENT_NO_PREVIEW', `a ${record.contentType} has no preview; GET /attachments/${attachmentId}`);
      }
    }
    const body = await this.store.get(key);
    if (!body) throw new AttachmentException('ATTACHMENT_NOT_FOUND', `no attachment ${attachmentId}`);
    return { body, contentType, fileName: record.fileName };
  }

  /**
   * A registration's references to uploads (`attachment:<id>`): each must be an unlinked upload of the
   * registration's mall. Answers the references with the stored type, and the ids to link.
   */
  async resolveReferences(mallId: string, references: AttachmentReferenceV1[]): Promise<{ references: AttachmentReferenceV1[]; attachmentIds: string[] }> {
    const ids = references.map((reference) => attachmentIdOf(reference.reference));
    const found = new Map((await this.attachments.find(ids.filter((id): id is string => id !== null))).map((record) => [record.attachmentId, record]));
    const resolved = references.map((reference, index) => {
      const id = ids[index];
      if (id === null) return reference;
      const record = found.get(id);
      if (!record || record.mallId !== mallId || record.complaintId !== null || ids.indexOf(id) !== index) {
        throw new AttachmentException('ATTACHMENT_UNUSABLE', `attachment ${id} is not an upload of mall ${mallId} still free to attach`, {
          errors: [{ field: `attachments.${index}.reference`, messages: ['must name a file uploaded at this mall (POST /attachments) and not attached to another case'] }],
        });
      }
      return { ...reference, mediaType: record.contentType };
    });
    return { references: resolved, attachmentIds: ids.filter((id): id is string => id !== null) };
  }

  /** In the registration's transaction: the uploads now belong to the case and its complainant. */
  async link(manager: EntityManager, attachmentIds: string[], link: { mallId: string; complaintId: string; subjectId: string | null }): Promise<void> {
    const linked = await this.attachments.claim(manager, attachmentIds, link);
    if (linked !== attachmentIds.length) {
      throw new AttachmentException('ATTACHMENT_UNUSABLE', 'an attachment was attached to another case meanwhile', { field: 'attachments' });
    }
  }

  /** In the erasure's transaction: forget the person's files; returns what to delete from the store once committed. */
  forgetSubject(manager: EntityManager, subjectId: string): Promise<string[]> {
    return this.attachments.deleteOfSubject(manager, subjectId);
  }

  /** After the erasure committed; a failure is logged with the keys, to be deleted by hand. */
  async deleteObjects(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.store.delete(keys);
    } catch (error) {
      this.logger.error(`erased attachments still in the ${this.store.kind} store, delete them: ${keys.join(', ')}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  /** Uploads no registration named within `unclaimedHours` of `now`: deleted, files and rows. Answers how many. */
  async sweepUnclaimed(now: Date): Promise<number> {
    const keys = await this.attachments.deleteUnclaimedBefore(new Date(now.getTime() - this.settings.unclaimedHours * 3_600_000));
    await this.deleteObjects(keys);
    return keys.filter((key) => key.endsWith('/original')).length;
  }

  tooLarge(): PayloadTooLargeException {
    return new PayloadTooLargeException({ message: `a file may be at most ${this.settings.maxBytes} bytes`, errors: [{ field: 'file', messages: [`at most ${this.settings.maxBytes} bytes`] }] });
  }

  private async previewOf(original: Buffer): Promise<Buffer> {
    try {
      return await sharp(original)
        .rotate()
        .resize({ width: this.settings.previewPx, height: this.settings.previewPx, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
    } catch {
      throw unsupported('the image cannot be read (damaged or not what its first bytes say)');
    }
  }
}

const unsupported = (message: string): UnsupportedMediaTypeException =>
  new UnsupportedMediaTypeException({ message, errors: [{ field: 'file', messages: [`must be one of ${ATTACHMENT_TYPES.join(', ')}`] }] });

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic', 'application/pdf': 'pdf' };

/** The client's file name without path or control characters, for Content-Disposition; a plain one when none is left. */
const cleanFileName = (name: string, contentType: string): string => {
  const base = [...(name.split(/[\\/]/).pop() ?? '')]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char !== '\u007f' && char !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return base || `attachment.${EXTENSION[contentType] ?? 'bin'}`;
};
