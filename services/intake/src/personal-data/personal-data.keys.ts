import { InvalidConfiguration, loadServiceSettings } from '@mallcare/platform';
import { IsOptional, IsString } from 'class-validator';
import { derivePersonalDataKeys, parseMasterKey, type PersonalDataKeys } from './personal-data.crypto';

export const PERSONAL_DATA_KEYS = Symbol('PERSONAL_DATA_KEYS');

/** The personal-data master key, read by the platform's config loader; parseMasterKey checks it is 32 bytes of base64. */
class PersonalDataEnvironment {
  @IsOptional()
  @IsString()
  INTAKE_PII_MASTER_KEY: string | undefined = undefined;

  @IsOptional()
  @IsString()
  PII_MASTER_KEY: string | undefined = undefined;
}

/** The master key comes from the environment only (never a file in the repo); a missing or wrong one stops intake at start. */
export const personalDataKeysFromEnvironment = (env: NodeJS.ProcessEnv = process.env): PersonalDataKeys => {
  const settings = loadServiceSettings('intake', PersonalDataEnvironment, env);
  try {
    return derivePersonalDataKeys(parseMasterKey(settings.INTAKE_PII_MASTER_KEY ?? settings.PII_MASTER_KEY));
  } catch (error) {
    throw new InvalidConfiguration('intake', [error instanceof Error ? error.message : String(error)]);
  }
};
