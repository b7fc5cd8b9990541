import { describe, expect, it } from 'vitest'
import { parseListen } from '../../../src/daemon/http.js'
import { redactChange } from '../../../src/daemon/redact.js'
import { SENSITIVE } from '../../../src/shared/sensitive.js'

describe('redactChange', () => {
  it.each([
    ['taskDefinition.containers.app.environment.API_KEY', 'old', 'new', SENSITIVE, SENSITIVE],
    ['taskDefinition.containers.app.secrets.DB', undefined, 'arn:x', undefined, SENSITIVE],
    ['desiredCount', 2, 3, 2, 3],
  ])('%s', (path, from, to, wantFrom, wantTo) => {
    expect(redactChange({ path, from, to })).toMatchObject({ path, from: wantFrom, to: wantTo })
  })

  it('masks environment and secrets values nested in a whole added container, keeping the keys', () => {
    const to = { image: 'x:1', environment: { TOKEN: 'abc' }, secrets: { DB: 'arn' } }
    expect(redactChange({ path: 'taskDefinition.containers.app', from: undefined, to })).toEqual({
      path: 'taskDefinition.containers.app',
      from: undefined,
      to: { image: 'x:1', environment: { TOKEN: SENSITIVE }, secrets: { DB: SENSITIVE } },
      sensitive: true,
    })
  })
})

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    [':9090', { host: '0.0.0.0', port: 9090 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['localhost', undefined],
    ['127.0.0.1:99999', undefined],
  ])('%s', (text, want) => {
    expect(parseListen(text)).toEqual(want)
  })
})
