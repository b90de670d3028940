export * from './jwt';
export * from './jwt-secret';
export * from './oidc';
export * from './token-rules';
