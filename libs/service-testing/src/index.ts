export * from './intake-log';
export * from './service-under-test';
