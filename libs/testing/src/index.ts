export * from './test-postgres';
export * from './test-kafka';
export * from './decider-specification';
export * from './event-fixtures';
export * from './test-identity';
export * from './test-s3';
export * from './until';
