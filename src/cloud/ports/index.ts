/** @module Public face of the cloud ports. */
export type * from './model.js'
export type * from './ports.js'
export { AMBIGUOUS_WRITE, CloudError, isAmbiguousWrite, isTerminalCloudError } from './errors.js'
export type * from './lease.js'
export type * from './account.js'
export { ecrImageKey } from './account.js'
export type * from './tasks.js'
export type * from './lookups.js'
