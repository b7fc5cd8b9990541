/** The JSON Schema is generated from the zod schemas, committed for editors, and accepts the examples. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { manifestJsonSchema } from '../../../src/manifest/json-schema.js'
import { exampleFiles } from '../../support/manifests.js'

const COMMITTED = resolve(import.meta.dirname, '../../../schema/ecs-reconciler.schema.json')
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats(ajv)
  return ajv.compile(manifestJsonSchema())
}

describe('JSON Schema', () => {
  it('the committed file is exactly what `ecs-reconciler schema` prints (regenerate it with: npm run docs:manifests)', () => {
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(manifestJsonSchema())
  })

  it('every document of the examples validates with an off-the-shelf validator (ajv)', () => {
    const validate = validator()
    let documents = 0
    for (const { file, text } of exampleFiles()) {
      for (const doc of parseAllDocuments(text)) {
        documents++
        const ok = validate(doc.toJS())
        expect(ok, `${file}: ${JSON.stringify(validate.errors)}`).toBe(true)
      }
    }
    expect(documents).toBe(7)
  })

  it("accepts a Service in the API's spellings, and needs containers under one of its names (docs/manifest-members.md)", () => {
    const validate = validator()
    const service = (taskDefinition: Record<string, unknown>) => ({
      apiVersion: 'ecs-reconciler/v1alpha1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' } },
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        serviceConnectConfiguration: { enabled: false },
        taskDefinition: { cpu: 256, memory: 512, ...taskDefinition },
      },
    })
    const api = service({ containerDefinitions: [{ name: 'app', image: 'nginx:1.27' }] })
    expect(validate(api), JSON.stringify(validate.errors)).toBe(true)
    expect(validate(service({}))).toBe(false)
  })

  it.each([
    [
      'an unknown field',
      {
        apiVersion: 'ecs-reconciler/v1alpha1',
        kind: 'Namespace',
        metadata: { name: 'a' },
        spec: { colour: 'red' },
      },
    ],
    [
      'a wrong kind',
      { apiVersion: 'ecs-reconciler/v1alpha1', kind: 'Pod', metadata: { name: 'a' }, spec: {} },
    ],
    [
      'a name that is not a DNS label',
      {
        apiVersion: 'ecs-reconciler/v1alpha1',
        kind: 'Namespace',
        metadata: { name: 'Not_A_Label' },
        spec: {},
      },
    ],
    [
      'a service without containers',
      {
        apiVersion: 'ecs-reconciler/v1alpha1',
        kind: 'Service',
        metadata: { name: 'a' },
        spec: { taskDefinition: { cpu: 256, memory: 512, containers: [] } },
      },
    ],
  ])('rejects %s', (_what, doc) => {
    expect(validator()(doc)).toBe(false)
  })

  it('the examples point editors at the committed schema', () => {
    for (const { text } of exampleFiles()) {
      expect(
        text.startsWith('# yaml-language-server: $schema=../../../../schema/ecs-reconciler.schema.json'),
      ).toBe(true)
    }
  })
})
