/**
 * Global setup of `npm run test:moto`: the conformance suite targets moto at
 * ECS_RECONCILER_MOTO_ENDPOINT (as .ci/run starts it), or at a moto this setup starts on loopback
 * when none is given. Either way a moto that does not answer fails the run: it is never skipped.
 */
import type { TestProject } from 'vitest/node'
import { MOTO_ENDPOINT_ENV, startMoto, waitForMoto, type MotoServer } from '../support/moto.js'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let endpoint = process.env[MOTO_ENDPOINT_ENV]
  let started: MotoServer | undefined
  if (endpoint) {
    if (!(await waitForMoto(endpoint, 25))) {
      throw new Error(
        `moto does not answer at ${endpoint} (${MOTO_ENDPOINT_ENV}); start it with: python3 -m moto.server -H 127.0.0.1 -p PORT`,
      )
    }
  } else {
    started = await startMoto()
    endpoint = started.endpoint
  }
  project.provide('motoEndpoint', endpoint)
  return async () => {
    await started?.stop()
  }
}
