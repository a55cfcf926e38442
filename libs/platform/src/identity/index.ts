export * from './identity';
export * from './identity.decorators';
export * from './identity.guard';
export * from './token-verifier';
