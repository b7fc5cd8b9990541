import { describe, expect, it } from 'vitest'
import { ADOPT_REASON, changeAction } from '../../../src/reconciler/plan/change-action.js'

const cpu = { path: 'cpu', from: '256', to: '512' }
const image = { path: 'containers.0.image', from: 'a:1', to: 'a:2' }
const tag = { path: 'tags.team', from: undefined, to: 'shop' }

describe('changeAction: what a live, readable resource calls for', () => {
  it.each([
    ['no difference is a noop, even when adopting', [], undefined, true, 'noop', []],
    [
      'a replace reason wins over an update',
      [cpu],
      'cpu needs a new one',
      false,
      'replace',
      ['cpu needs a new one'],
    ],
    ['a replace reason wins over adopting', [tag], 'gone', true, 'replace', ['gone']],
    [
      'settings that differ update, one reason per top field',
      [cpu, image],
      undefined,
      false,
      'update',
      ['cpu changed', 'containers changed'],
    ],
    [
      'the same top field is named once',
      [image, { ...image, path: 'containers.1.image' }],
      undefined,
      false,
      'update',
      ['containers changed'],
    ],
    ['adopting with only tags to add adopts', [tag], undefined, true, 'adopt', [ADOPT_REASON]],
    [
      'adopting with settings to change updates and says it adopts',
      [tag, cpu],
      undefined,
      true,
      'update',
      [ADOPT_REASON, 'tags changed', 'cpu changed'],
    ],
    ['tags alone on our own resource update', [tag], undefined, false, 'update', ['tags changed']],
  ] as const)('%s', (_name, diff, replace, adopting, action, reasons) => {
    expect(changeAction(diff, replace, adopting)).toEqual({ action, reasons })
  })
})
