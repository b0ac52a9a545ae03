export { BaseError, type BaseErrorParameters } from './base.js';
