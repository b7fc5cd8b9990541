import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'
import { loadExample } from '../../support/manifests.js'

const edgesOf = (edit?: (f: string, t: string) => string) =>
  loadExample(edit)
    .graph.edges.map((e) => `${e.from} -> ${e.to} (${e.reason})`)
    .sort()

describe('dependency edges', () => {
  it('a Service Connect client depends on every client-server service of its namespace', () => {
    const edges = edgesOf()
    for (const backend of ['ledger', 'payments', 'orders']) {
      expect(edges).toContain(`Service/shop/storefront -> Service/shop/${backend} (service-connect)`)
    }
    expect(edges).toContain('Service/shop/payments -> Service/shop/ledger (dependsOn)')
    expect(edges).toContain('ChaosSchedule/orders-resilience -> Service/shop/orders (chaos-target)')
    expect(edges).toContain('Cluster/shop -> Namespace/shop (namespace)')
    expect(edges).toContain('Service/shop/ledger -> Cluster/shop (cluster)')
  })
  it('an explicit dependsOn on one backend narrows the implicit edges to it', () => {
    const edges = edgesOf((f, t) =>
      f.endsWith('storefront.yaml')
        ? t.replace('  desiredCount: 3\n', '  desiredCount: 3\n  dependsOn: [orders]\n')
        : t,
    )
    expect(edges.filter((e) => e.startsWith('Service/shop/storefront -> Service'))).toEqual([
      'Service/shop/storefront -> Service/shop/orders (dependsOn)',
    ])
  })
  it('clients only depend on servers of their own namespace', () => {
    const other = `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: other\nspec: {}\n`
    const result = validateFiles([
      { file: 'ns.yaml', text: other },
      {
        file: 'client.yaml',
        text: `apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  taskDefinition:\n    cpu: 256\n    memory: 512\n    containers:\n      - name: app\n        image: x\n  serviceConnect:\n    namespace: other\n`,
      },
    ])
    expect(result.graph.edges.map((e) => e.to)).toEqual(['Namespace/other'])
  })
})
