import { isAbsolute, join, resolve } from 'node:path';
import { flattenValidationErrors, type ServiceName } from '@mallcare/contracts';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, validateSync } from 'class-validator';
import { InvalidConfiguration } from './service-config';

/** Where a service keeps files: an S3-compatible bucket when S3_BUCKET is set, else a folder under the data directory. */
class ObjectStoreEnvironment {
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be an S3 bucket name (3–63 lower-case letters, digits, dots, dashes)' })
  S3_BUCKET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s):// URL, e.g. https://oss-cn-shanghai.aliyuncs.com' })
  S3_ENDPOINT?: string;

  @IsString()
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'S3_REGION must be a region name such as cn-north-1' })
  S3_REGION!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  S3_SECRET_ACCESS_KEY?: string;

  @IsIn(['true', 'false'], { message: 'S3_FORCE_PATH_STYLE must be true or false' })
  S3_FORCE_PATH_STYLE!: 'true' | 'false';

  @IsString()
  @IsNotEmpty()
  LOCAL_DIR!: string;
}

export type ObjectStoreConfig =
  | {
      kind: 's3';
      bucket: string;
      /** Absent: AWS's own endpoint for the region. */
      endpoint?: string;
      region: string;
      /** Absent: the SDK's default chain (environment, profile, instance role). Never logged. */
      credentials?: { accessKeyId: string; secretAccessKey: string };
      /** Bucket in the path rather than the host name (MinIO, moto, most self-hosted stores). */
      forcePathStyle: boolean;
    }
  | { kind: 'local'; directory: string };

/**
 * The object store settings of `service`, validated at start like the rest of its configuration:
 * `<SERVICE>_S3_*` wins over `S3_*`; without a bucket, files go to `<MALLCARE_DATA or ./.data>/<folder>`.
 */
export const loadObjectStoreConfig = (service: ServiceName, folder: string, env: NodeJS.ProcessEnv = process.env): ObjectStoreConfig => {
  const prefix = service.toUpperCase().replace(/-/g, '_');
  const pick = (name: string, fallback?: string): string | undefined => env[`${prefix}_${name}`] || env[name] || fallback;
  const dataDir = resolve(pick('MALLCARE_DATA') ?? join(process.cwd(), '.data'));
  const localDir = pick(`${folder.toUpperCase()}_DIR`);
  const parsed = plainToInstance(ObjectStoreEnvironment, {
    S3_BUCKET: pick('S3_BUCKET'),
    S3_ENDPOINT: pick('S3_ENDPOINT'),
    S3_REGION: pick('S3_REGION', 'us-east-1'),
    S3_ACCESS_KEY_ID: pick('S3_ACCESS_KEY_ID'),
    S3_SECRET_ACCESS_KEY: pick('S3_SECRET_ACCESS_KEY'),
    S3_FORCE_PATH_STYLE: pick('S3_FORCE_PATH_STYLE', 'false'),
    LOCAL_DIR: localDir ? (isAbsolute(localDir) ? localDir : resolve(localDir)) : join(dataDir, folder),
  });
  const problems = flattenValidationErrors(validateSync(parsed)).map((e) => `${e.field}: ${e.messages.join(', ')}`);
  if (Boolean(parsed.S3_ACCESS_KEY_ID) !== Boolean(parsed.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither for the SDK’s default credentials');
  }
  if (!parsed.S3_BUCKET && parsed.S3_ENDPOINT) problems.push('S3_ENDPOINT is set but S3_BUCKET is not: name the bucket to store files in');
  if (problems.length > 0) throw new InvalidConfiguration(service, problems);
  if (!parsed.S3_BUCKET) return { kind: 'local', directory: parsed.LOCAL_DIR };
  return {
    kind: 's3',
    bucket: parsed.S3_BUCKET,
    ...(parsed.S3_ENDPOINT ? { endpoint: parsed.S3_ENDPOINT } : {}),
    region: parsed.S3_REGION,
    ...(parsed.S3_ACCESS_KEY_ID && parsed.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: parsed.S3_ACCESS_KEY_ID, secretAccessKey: parsed.S3_SECRET_ACCESS_KEY } }
      : {}),
    forcePathStyle: parsed.S3_FORCE_PATH_STYLE === 'true',
  };
};
