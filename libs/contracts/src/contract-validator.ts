import { getMetadataStorage, Validator, type MetadataStorage, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { ValidationExecutor } from 'class-validator/cjs/validation/ValidationExecutor';

/** Every contract check: no property the schema does not name. */
export const CONTRACT_VALIDATOR_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true };

const storage = getMetadataStorage();
type Lookup = Parameters<MetadataStorage['getTargetValidationMetadatas']>;

const metadataOf = new Map<Lookup[0], ValidationMetadata[]>();
const byPropertyOf = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();

/**
 * class-validator's metadata storage as the contract checks see it: each class's validation metadata
 * looked up once. The library looks it up for every object it validates, scanning every decorated class
 * of the process for ancestors (the largest single cost in a CPU profile of parseEvent). A class's metadata
 * is complete once its module is loaded; every call from here has the same options (no groups, no
 * schema name), so the class alone is the key.
 */
const contractMetadata: MetadataStorage = Object.create(storage, {
  getTargetValidationMetadatas: {
    value: (...lookup: Lookup): ValidationMetadata[] => {
      let metadata = metadataOf.get(lookup[0]);
      if (!metadata) {
        metadata = storage.getTargetValidationMetadatas(...lookup);
        metadataOf.set(lookup[0], metadata);
      }
      return metadata;
    },
  },
  groupByPropertyName: {
    value: (metadata: ValidationMetadata[]): Record<string, ValidationMetadata[]> => {
      let byProperty = byPropertyOf.get(metadata);
      if (!byProperty) {
        byProperty = storage.groupByPropertyName(metadata);
        byPropertyOf.set(metadata, byProperty);
      }
      return byProperty;
    },
  },
}) as MetadataStorage;

const validator = new Validator();

/** `validateSync(instance, CONTRACT_VALIDATOR_OPTIONS)`, as Validator.validateSync runs it, over the cached metadata. */
export const validateContract = (instance: object): ValidationError[] => {
  const executor = new ValidationExecutor(validator, CONTRACT_VALIDATOR_OPTIONS);
  executor.ignoreAsyncValidations = true;
  executor.metadataStorage = contractMetadata;
  const errors: ValidationError[] = [];
  executor.execute(instance, undefined, errors);
  return executor.stripEmptyErrors(errors);
};
