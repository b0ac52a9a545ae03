export * from './errors.js';
export * from './server.js';
export * from './protocol.js';
export * from './batch.js';
export { hostPage } from './page.js';
