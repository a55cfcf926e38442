import { flattenValidationErrors } from '@mallcare/contracts';
import { InvalidConfiguration } from '@mallcare/platform';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';

class AttachmentEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(100 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES!: number;

  @Type(() => Number)
  @IsInt()
  @Min(64)
  @Max(4_096)
  ATTACHMENT_PREVIEW_PX!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  ATTACHMENT_UNCLAIMED_HOURS!: number;
}

export interface AttachmentSettings {
  /** The largest file accepted (413 above it). */
  maxBytes: number;
  /** A preview's longer side, at most. */
  previewPx: number;
  /** An upload no registration named within this many hours is deleted (it may show a person who is in no case to erase). */
  unclaimedHours: number;
}

export const ATTACHMENT_SETTINGS = Symbol('ATTACHMENT_SETTINGS');

/** INTAKE_ATTACHMENT_* wins over ATTACHMENT_*; validated at start. */
export const loadAttachmentSettings = (env: NodeJS.ProcessEnv = process.env): AttachmentSettings => {
  const pick = (name: string, fallback: string): string => env[`INTAKE_${name}`] ?? env[name] ?? fallback;
  const parsed = plainToInstance(AttachmentEnvironment, {
    ATTACHMENT_MAX_BYTES: pick('ATTACHMENT_MAX_BYTES', String(10 * 1024 * 1024)),
    ATTACHMENT_PREVIEW_PX: pick('ATTACHMENT_PREVIEW_PX', '1024'),
    ATTACHMENT_UNCLAIMED_HOURS: pick('ATTACHMENT_UNCLAIMED_HOURS', '24'),
  });
  const errors = flattenValidationErrors(validateSync(parsed));
  if (errors.length > 0) throw new InvalidConfiguration('intake', errors.map((e) => `${e.field}: ${e.messages.join(', ')}`));
  return { maxBytes: parsed.ATTACHMENT_MAX_BYTES, previewPx: parsed.ATTACHMENT_PREVIEW_PX, unclaimedHours: parsed.ATTACHMENT_UNCLAIMED_HOURS };
};
