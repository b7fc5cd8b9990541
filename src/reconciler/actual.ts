/** @module Live state as read for one pass: the input of the planner next to the manifests. */

/**
 * Each kind's part of the live state, keyed by kind: `actual.Cluster`, `actual.Service`. A kind's
 * folder declares its entry by augmenting this interface (`declare module '../../actual.js'`), its
 * handler reads it (`observe`) and says what it is when nothing was read (`emptyLive`), so adding a
 * kind edits nothing here.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the kind folders
export interface LiveStateByKind {}

export type ActualState = { readonly [K in keyof LiveStateByKind]: LiveStateByKind[K] }
