import { derivePersonalDataKeys, parseMasterKey, type PersonalDataKeys } from './personal-data.crypto';

export const PERSONAL_DATA_KEYS = Symbol('PERSONAL_DATA_KEYS');

/** The master key comes from the environment only (never a file in the repo); a missing one stops intake at start. */
export const personalDataKeysFromEnvironment = (env: NodeJS.ProcessEnv = process.env): PersonalDataKeys =>
  derivePersonalDataKeys(parseMasterKey(env.INTAKE_PII_MASTER_KEY ?? env.PII_MASTER_KEY));
