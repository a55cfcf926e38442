import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { IsOptional, Matches } from 'class-validator';
import type { Response } from 'express';
import { ATTACHMENT_READER_ROLES, ATTACHMENT_UPLOADER_ROLES } from './attachment-access';
import { ATTACHMENT_TYPES } from './attachment-types';
import { AttachmentsService, type AttachmentContent, type AttachmentView, type UploadedFile as UploadedPart } from './attachments.service';

export class UploadAttachmentDto {
  @ApiPropertyOptional({ description: 'HQ staff: the mall the file is for; a mall’s staff upload for their own mall', example: 'SH01' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'mallId must be a mall id such as SH01' })
  mallId?: string;
}

export class AttachmentResponse implements AttachmentView {
  @ApiProperty({ format: 'uuid' })
  attachmentId!: string;

  @ApiProperty({ example: '扶梯现场.jpg' })
  fileName!: string;

  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'], description: 'From the file’s own bytes, not the name' })
  contentType!: string;

  @ApiProperty({ example: 482113 })
  size!: number;

  @ApiProperty({ example: 'attachment:5f0c…', description: 'Put this in a registration’s attachments[].reference' })
  reference!: string;
}

const serve = (response: Response, { body, contentType, fileName }: AttachmentContent): StreamableFile => {
  response.setHeader('Cache-Control', 'private, no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  return new StreamableFile(body, { type: contentType, length: body.length, disposition: `inline; filename*=UTF-8''${encodeURIComponent(fileName)}` });
};

/** Photos and documents of a case (issue 13): uploaded first, then named by a registration. */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @Roles(...ATTACHMENT_UPLOADER_ROLES)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, HEIC or PDF, at most ATTACHMENT_MAX_BYTES (10 MiB)' }, mallId: { type: 'string' } },
    },
  })
  @ApiOperation({ summary: 'Upload a photo or document (413 too large, 415 not an accepted type); images get a preview' })
  @ApiCreatedResponse({ type: AttachmentResponse })
  upload(@UploadedFile() file: UploadedPart | undefined, @Body() body: UploadAttachmentDto, @CurrentIdentity() identity: Identity): Promise<AttachmentView> {
    return this.attachments.upload(identity, file, body.mallId);
  }

  @Get(':id')
  @Roles(...ATTACHMENT_READER_ROLES)
  @ApiOperation({ summary: 'The file as uploaded' })
  @ApiProduces(...ATTACHMENT_TYPES)
  @ApiOkResponse({ description: 'The file, in the type it was stored as', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such file, or it belongs to another mall' })
  async original(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return serve(response, await this.attachments.content(identity, id, 'original'));
  }

  @Get(':id/preview')
  @Roles(...ATTACHMENT_READER_ROLES)
  @ApiOperation({ summary: 'A downscaled WebP of an image (HEIC: the original, which sharp’s prebuilt libvips cannot read); a PDF has none (404)' })
  @ApiProduces('image/webp', 'image/heic')
  @ApiOkResponse({ description: 'The preview image', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such file, another mall’s, or a PDF' })
  async preview(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return serve(response, await this.attachments.content(identity, id, 'preview'));
  }
}
