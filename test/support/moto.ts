/**
 * moto (an independent Python implementation of the AWS APIs) as a conformance target: start and
 * stop `python3 -m moto.server` on loopback, check that one answers, and create the EC2 network
 * its ECS validates awsvpc configurations against.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { workspaceWithExample } from './cli.js'

export const MOTO_ENDPOINT_ENV = 'ECS_RECONCILER_MOTO_ENDPOINT'

export interface MotoServer {
  readonly endpoint: string
  stop(): Promise<void>
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** True when a moto server answers its management API at the endpoint. */
export async function motoAnswers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) })
    await res.arrayBuffer()
    return res.ok
  } catch {
    return false
  }
}

/** Polls until moto answers or the bounded number of tries runs out. */
export async function waitForMoto(endpoint: string, tries = 100, delayMs = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await motoAnswers(endpoint)) return true
    await new Promise((r) => setTimeout(r, delayMs))
  }
  return false
}

/** Starts moto's server on 127.0.0.1; rejects with moto's own output when it does not come up. */
export async function startMoto(python = process.env['PYTHON'] ?? 'python3'): Promise<MotoServer> {
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))
  const up = await Promise.race([waitForMoto(endpoint), spawnError.then((e) => e), exited.then(() => false)])
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
  }
  if (up !== true) {
    await stop()
    const why = up instanceof Error ? up.message : output.trim() || 'no output'
    throw new Error(
      `moto did not start on ${endpoint} (${why}). Install it with: python3 -m pip install "moto[server]"`,
    )
  }
  return { endpoint, stop }
}

/**
 * One EC2 Query-protocol call to moto. moto's server does not verify signatures; it routes on the
 * service named in the Authorization header's credential scope, so a well-formed header suffices.
 */
async function ec2Call(endpoint: string, action: string, params: Record<string, string>): Promise<string> {
  const body = new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }).toString()
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0',
    },
    body,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`EC2 ${action} failed on moto (${res.status}): ${text}`)
  return text
}

function field(xml: string, tag: string): string {
  const match = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)
  if (!match?.[1]) throw new Error(`no <${tag}> in EC2 response: ${xml.slice(0, 300)}`)
  return match[1]
}

/** A VPC with two subnets and a security group in moto's EC2, for awsvpc services. */
export async function createMotoNetwork(
  endpoint: string,
): Promise<{ subnets: string[]; securityGroups: string[] }> {
  const vpcId = field(await ec2Call(endpoint, 'CreateVpc', { CidrBlock: '10.42.0.0/16' }), 'vpcId')
  const subnets: string[] = []
  for (const [i, zone] of ['us-east-1a', 'us-east-1b'].entries()) {
    const xml = await ec2Call(endpoint, 'CreateSubnet', {
      VpcId: vpcId,
      CidrBlock: `10.42.${i}.0/24`,
      AvailabilityZone: zone,
    })
    subnets.push(field(xml, 'subnetId'))
  }
  const sgXml = await ec2Call(endpoint, 'CreateSecurityGroup', {
    GroupName: `conformance-${vpcId}`,
    GroupDescription: 'conformance suite',
    VpcId: vpcId,
  })
  return { subnets, securityGroups: [field(sgXml, 'groupId')] }
}

/** The environment that points the real CLI's SDK clients at moto. */
function motoCliEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
  }
}

/**
 * Rewrites the example's placeholder subnet and security-group ids in every manifest of a folder
 * to ids of a network created in moto (moto, like ECS, refuses awsvpc ids that do not exist).
 */
async function pointManifestsAtMotoNetwork(endpoint: string, manifestsDir: string): Promise<void> {
  const net = await createMotoNetwork(endpoint)
  for (const file of readdirSync(manifestsDir)) {
    const path = join(manifestsDir, file)
    const text = readFileSync(path, 'utf8')
      .replaceAll('subnet-0a1b2c3d4e5f60001', net.subnets[0]!)
      .replaceAll('subnet-0a1b2c3d4e5f60002', net.subnets[1]!)
      .replace(/sg-0123456789abcdef[01]/g, net.securityGroups[0]!)
    writeFileSync(path, text)
  }
}

/** A copy of the shop example whose network ids exist in moto, and the CLI environment that reaches moto. */
export async function exampleOnMoto(
  endpoint: string,
): Promise<{ ws: ReturnType<typeof workspaceWithExample>; env: Record<string, string> }> {
  const ws = workspaceWithExample()
  await pointManifestsAtMotoNetwork(endpoint, ws.manifests)
  return { ws, env: motoCliEnv(endpoint) }
}
