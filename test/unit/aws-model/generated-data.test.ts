/** The committed model data is what the pinned AWS model release says, plus only the reviewed overlay. */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serviceModels } from '../../../src/aws-model/index.js'

const ROOT = resolve(import.meta.dirname, '../../..')
const pin = JSON.parse(readFileSync(join(ROOT, 'scripts/aws-model/pin.json'), 'utf8')) as {
  botocore: string
  services: Record<string, { file: string; sha256: string }>
}
const overlay = JSON.parse(readFileSync(join(ROOT, 'scripts/aws-model/overlay.json'), 'utf8')) as {
  commonErrors: { source: string }
  corrections: {
    service: string
    shape: string
    field: string
    value: unknown
    source: string
    why: string
  }[]
}

describe('generated AWS model data', () => {
  it('records the pinned model release and each source file digest', () => {
    expect(Object.keys(serviceModels).sort()).toEqual(Object.keys(pin.services).sort())
    for (const [key, model] of Object.entries(serviceModels)) {
      expect(model.source).toEqual({ package: 'botocore', version: pin.botocore, ...pin.services[key] })
    }
  })

  it('keeps every generated file under 1 MB', () => {
    const dir = join(ROOT, 'src/aws-model/generated')
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size, name).toBeLessThan(1_000_000)
  })

  it('applies every overlay correction, and each names the AWS page it comes from', () => {
    expect(overlay.commonErrors.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
    for (const c of overlay.corrections) {
      expect(c.source, c.shape).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
      expect(c.why.length).toBeGreaterThan(10)
      const model = serviceModels[c.service as keyof typeof serviceModels]
      const shape: Readonly<Record<string, unknown>> = { ...model.shapes[c.shape] }
      expect(shape[c.field], `${c.service} ${c.shape}.${c.field}`).toEqual(c.value)
    }
  })

  it('carries the protocol each service speaks, as the model lists it', () => {
    expect(serviceModels.ecs.metadata.targetPrefix).toBe('AmazonEC2ContainerServiceV20141113')
    expect(serviceModels.fis.metadata.protocol).toBe('rest-json')
    expect(serviceModels.ecs.operations.CreateService?.errors).toContain('InvalidParameterException')
  })
})
