/** @module What a live resource has that the manifests cannot say: written as a YAML comment and listed by the command. */

export interface LeftOut {
  /** `Service shop/api`, `Cluster shop`. */
  readonly resource: string
  /** Where it was, in AWS terms: `containers.app.portMappings.hostPort`. */
  readonly field: string
  /** Why it is not in the manifest, and what that means for a plan. */
  readonly why: string
}

export class LeftOutList {
  readonly items: LeftOut[] = []
  constructor(private readonly resource: string) {}
  add(field: string, why: string): void {
    this.items.push({ resource: this.resource, field, why })
  }
}

export function describeLeftOut(item: LeftOut): string {
  return `${item.field}: ${item.why}`
}
