// What the example services share. Heavier pieces have their own entry so a
// service loads only what it uses: `@jewelry-examples/common/db` (pg),
// `/s3` (@aws-sdk/client-s3), `/services` and `/scenario` (demo and tests).
export * from './config';
export * from './orders';
export * from './messages';
export * from './topology';
export * from './amqp';
export * from './http';
export * from './shutdown';
