export * from './case-record';
export * from './case-path.fold';
export * from './figure-definitions';
export * from './figures';
export * from './reporting-period';
