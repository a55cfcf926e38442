import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ScheduleModule } from '@nestjs/schedule';
import { loadObjectStoreConfig } from '@mallcare/platform';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { ATTACHMENT_SETTINGS, loadAttachmentSettings, type AttachmentSettings } from './attachments.settings';
import { createObjectStore, OBJECT_STORE } from './object-store';
import { UnclaimedAttachmentsSchedule } from './unclaimed-attachments.schedule';

/** Uploaded files in the object store (S3 API when configured, else a folder under the data directory). */
@Module({
  imports: [
    ScheduleModule.forRoot(),
    MulterModule.registerAsync({
      useFactory: () => {
        const { maxBytes } = loadAttachmentSettings();
        // Multer stops reading at the limit (413); utf8 keeps Chinese file names readable.
        return { limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5 }, defParamCharset: 'utf8' };
      },
    }),
  ],
  controllers: [AttachmentsController],
  providers: [
    { provide: ATTACHMENT_SETTINGS, useFactory: (): AttachmentSettings => loadAttachmentSettings() },
    { provide: OBJECT_STORE, useFactory: () => createObjectStore(loadObjectStoreConfig('intake', 'attachments')) },
    AttachmentsRepository,
    AttachmentsService,
    UnclaimedAttachmentsSchedule,
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
