export * from './group-policy';
export * from './durations';
export * from './routing-rules';
