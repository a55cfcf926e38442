// Two internals of the exactly pinned class-transformer 0.5.1 and class-validator 0.15.1 (package.json),
// used by the contract checks' hot path (schema-instance.ts, contract-validator.ts).

declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}

declare module 'class-validator/cjs/validation/ValidationExecutor' {
  import type { MetadataStorage, ValidationError, Validator, ValidatorOptions } from 'class-validator';

  /** What `Validator.validateSync` runs; its storage is private in the library's typings. */
  export class ValidationExecutor {
    constructor(validator: Validator, validatorOptions?: ValidatorOptions);
    ignoreAsyncValidations: boolean;
    metadataStorage: MetadataStorage;
    execute(object: object, targetSchema: string | undefined, validationErrors: ValidationError[]): void;
    stripEmptyErrors(errors: ValidationError[]): ValidationError[];
  }
}
