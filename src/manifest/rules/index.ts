/** @module Every semantic rule, run in this order; each lives in its own file. */
import { dependencyCycle } from './dependency-cycle.js'
import { duplicateNames } from './duplicate-names.js'
import { namespaceReferences, serviceReferences } from './references.js'
import type { Rule } from './rule.js'

export const rules: readonly Rule[] = [duplicateNames, serviceReferences, namespaceReferences, dependencyCycle]
export type { Rule, RuleContext } from './rule.js'
