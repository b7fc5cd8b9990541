import { describe, expect, it } from 'vitest'
import { parseListen } from '../../../src/daemon/http.js'
import { REDACTED, redactChange } from '../../../src/daemon/redact.js'

describe('redactChange', () => {
  it.each([
    ['taskDefinition.containers.app.environment.API_KEY', 'old', 'new', REDACTED, REDACTED],
    ['taskDefinition.containers.app.secrets.DB', undefined, 'arn:x', undefined, REDACTED],
    ['desiredCount', 2, 3, 2, 3],
  ])('%s', (path, from, to, wantFrom, wantTo) => {
    expect(redactChange({ path, from, to })).toEqual({ path, from: wantFrom, to: wantTo })
  })

  it('masks environment and secrets nested in a whole added container', () => {
    const to = { name: 'app', image: 'x:1', environment: { TOKEN: 'abc' }, secrets: { DB: 'arn' } }
    expect(redactChange({ path: 'taskDefinition.containers.app', from: undefined, to })).toEqual({
      path: 'taskDefinition.containers.app',
      from: undefined,
      to: { name: 'app', image: 'x:1', environment: REDACTED, secrets: REDACTED },
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
