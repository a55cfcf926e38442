export * from './audit-trail';
export * from './audited';
