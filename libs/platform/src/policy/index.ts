export * from './policy-store';
export * from './policy-changes.consumer';
export * from './policy-versions.migration';
