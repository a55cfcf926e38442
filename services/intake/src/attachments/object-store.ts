import type { ObjectStoreConfig } from '@mallcare/platform';
import { LocalObjectStore } from './local-object-store';
import { S3ObjectStore } from './s3-object-store';

/** Where intake keeps uploaded files. Keys are intake's own (ids), never a name a client chose. */
export interface ObjectStore {
  readonly kind: ObjectStoreConfig['kind'];
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /** Deletes what exists of `keys`; a missing key is not an error. */
  delete(keys: string[]): Promise<void>;
}

export const OBJECT_STORE = Symbol('OBJECT_STORE');

export const createObjectStore = (config: ObjectStoreConfig): ObjectStore =>
  config.kind === 's3' ? new S3ObjectStore(config) : new LocalObjectStore(config.directory);
