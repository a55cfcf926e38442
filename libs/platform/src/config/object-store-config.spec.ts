import { join, resolve } from 'node:path';
import { InvalidConfiguration } from './service-config';
import { loadObjectStoreConfig } from './object-store-config';

describe('object store configuration', () => {
  it('keeps files under the data directory without a bucket', () => {
    expect(loadObjectStoreConfig('intake', 'attachments', { MALLCARE_DATA: '/srv/mallcare' })).toEqual({ kind: 'local', directory: '/srv/mallcare/attachments' });
    expect(loadObjectStoreConfig('intake', 'attachments', {})).toEqual({ kind: 'local', directory: join(resolve('.data'), 'attachments') });
    expect(loadObjectStoreConfig('intake', 'attachments', { ATTACHMENTS_DIR: '/mnt/files' })).toEqual({ kind: 'local', directory: '/mnt/files' });
  });

  it('uses the S3 API with a bucket; service-specific variables win', () => {
    const env = { S3_BUCKET: 'shared', INTAKE_S3_BUCKET: 'mallcare-attachments', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_REGION: 'cn-north-1', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret', S3_FORCE_PATH_STYLE: 'true' };
    expect(loadObjectStoreConfig('intake', 'attachments', env)).toEqual({
      kind: 's3',
      bucket: 'mallcare-attachments',
      endpoint: 'http://127.0.0.1:9000',
      region: 'cn-north-1',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    expect(loadObjectStoreConfig('intake', 'attachments', { S3_BUCKET: 'b-1' })).toEqual({ kind: 's3', bucket: 'b-1', region: 'us-east-1', forcePathStyle: false });
  });

  it('names every wrong setting', () => {
    const bad = { S3_BUCKET: 'Not_A_Bucket', S3_ENDPOINT: 'ftp://x', S3_FORCE_PATH_STYLE: 'yes', S3_ACCESS_KEY_ID: 'only-the-id' };
    expect(() => loadObjectStoreConfig('intake', 'attachments', bad)).toThrow(InvalidConfiguration);
    const message = (() => {
      try {
        loadObjectStoreConfig('intake', 'attachments', bad);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const part of ['S3_BUCKET must be', 'S3_ENDPOINT must be', 'S3_FORCE_PATH_STYLE must be', 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together']) expect(message).toContain(part);
    expect(() => loadObjectStoreConfig('intake', 'attachments', { S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_BUCKET is not/);
  });
});
