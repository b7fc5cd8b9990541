import { describe, expect, it } from 'vitest'
import { SENSITIVE, maskSensitiveChange } from '../../../src/shared/sensitive.js'

describe('maskSensitiveChange', () => {
  it.each([
    // One key changed, added, removed: the key and the direction stay, the value goes.
    ['taskDefinition.containers.app.environment.API_KEY', 'old', 'new', SENSITIVE, SENSITIVE],
    ['taskDefinition.containers.app.environment.API_KEY', undefined, 'new', undefined, SENSITIVE],
    ['taskDefinition.containers.app.secrets.DB', 'arn:old', undefined, SENSITIVE, undefined],
    // Keys may hold dots (spring.profiles.active): still under the map.
    ['taskDefinition.containers.app.environment.spring.profiles.active', 'prod', 'dev', SENSITIVE, SENSITIVE],
    // A whole map added or removed: keys shown, values masked.
    [
      'taskDefinition.containers.app.environment',
      { A: '1', B: '2' },
      undefined,
      { A: SENSITIVE, B: SENSITIVE },
      undefined,
    ],
    ['taskDefinition.containers.app.secrets', undefined, { DB: 'arn:x' }, undefined, { DB: SENSITIVE }],
  ])('%s: %j → %j', (path, from, to, wantFrom, wantTo) => {
    expect(maskSensitiveChange({ path, from, to })).toEqual({
      path,
      from: wantFrom,
      to: wantTo,
      sensitive: true,
    })
  })

  it('masks the maps inside a whole container list or task definition', () => {
    const to = {
      family: 'web',
      containers: { app: { image: 'x:1', environment: { TOKEN: 't0k3n' }, secrets: { DB: 'arn:db' } } },
    }
    expect(maskSensitiveChange({ path: 'taskDefinition', from: undefined, to }).to).toEqual({
      family: 'web',
      containers: { app: { image: 'x:1', environment: { TOKEN: SENSITIVE }, secrets: { DB: SENSITIVE } } },
    })
  })

  it('leaves everything else alone, including a tag named environment', () => {
    for (const change of [
      { path: 'desiredCount', from: 2, to: 3 },
      { path: 'tags.environment', from: 'staging', to: 'prod' },
      { path: 'taskDefinition.containers.app.image', from: 'a:1', to: 'a:2' },
      {
        path: 'taskDefinition.containers.app.logConfiguration.secretOptions.KEY',
        from: 'arn:a',
        to: 'arn:b',
      },
    ]) {
      expect(maskSensitiveChange(change)).toBe(change)
    }
  })
})
