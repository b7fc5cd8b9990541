/**
 * @module The lease store on DynamoDB: one item per lease name, taken and kept with conditional
 * writes (the pattern of the AWS DynamoDB Lock Client; https://github.com/awslabs/amazon-dynamodb-lock-client). GetItem and UpdateItem hold
 * the leases; Scan lists them (`--shards`: replicas' heartbeats and shard leases, a few dozen
 * items). A release sets the expiry to 0 instead of deleting the item, so the epoch survives and
 * keeps rising across holders. Marks (readMark/raiseMark: numbers that only rise, such as the chaos
 * scheduler's last decided slot) are items of their own in the same table, raised with a condition.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb'
import { CloudError, type AcquireResult, type LeaseRecord, type LeaseStore } from '../ports/index.js'
import { ReconcilerError } from '../../shared/errors.js'
import { CallCounter, type CallListener } from './call-stats.js'
import { Semaphore } from '../../shared/concurrency.js'
import { installMiddleware } from './middleware.js'
import { translateError } from './translate-error.js'

/** Attribute names; the key is `leaseName` (string). */
const KEY = 'leaseName'
const HOLDER = 'holder'
const EPOCH = 'epoch'
const EXPIRES = 'expiresAt'
const ACQUIRED = 'acquiredAt'
/** Unix seconds for DynamoDB TTL: a week after expiry, so an abandoned lease is cleaned up long after anyone could act on it. */
const PURGE = 'purgeAt'
const PURGE_AFTER_MS = 7 * 24 * 3600_000
/** A mark's value (raiseMark), on an item of its own: no holder, no expiry, never purged. */
const MARK = 'mark'

export interface DynamoLeaseOptions {
  readonly table: string
  readonly region: string
  /** An explicit endpoint (tests, dynalite); otherwise the SDK's chain, AWS_ENDPOINT_URL_DYNAMODB included. */
  readonly endpoint?: string
  readonly profile?: string
  readonly credentials?: { accessKeyId: string; secretAccessKey: string }
  /** Short: a renew that hangs is worse than one that fails, since the lease runs out meanwhile. */
  readonly requestTimeoutMs: number
  /** Told of every attempt, as the other clients' calls are (the daemon's API metrics). */
  readonly onCall?: CallListener
}

export class DynamoLeaseStore implements LeaseStore {
  readonly description: string
  private readonly client: DynamoDBClient

  constructor(private readonly options: DynamoLeaseOptions) {
    this.description = `DynamoDB table ${options.table} (${options.region})`
    const credentials =
      options.credentials ??
      (options.endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined)
    this.client = new DynamoDBClient({
      region: options.region,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      // Two attempts at most: the elector retries on its own schedule, and a lease call must not outlive the renew interval.
      maxAttempts: 2,
      // throwOnRequestTimeout: without it the SDK only warns and the call waits on (a hung renew would never end).
      requestHandler: {
        requestTimeout: options.requestTimeoutMs,
        connectionTimeout: Math.min(options.requestTimeoutMs, 2_000),
        throwOnRequestTimeout: true,
      },
    })
    // Counted like every other call; never read-only: a lease is the daemon's own bookkeeping, not a change to the account.
    // Its own bound on calls in flight: a renew must never queue behind a pass's reads.
    installMiddleware(this.client, 'DynamoDB', {
      readOnly: false,
      counter: new CallCounter(),
      onCall: options.onCall,
      inFlight: new Semaphore(4),
    })
  }

  async acquire(
    name: string,
    holder: string,
    times: { readonly nowMs: number; readonly expiresAtMs: number; readonly freeBeforeMs: number },
  ): Promise<AcquireResult> {
    try {
      const out = await this.send('UpdateItem', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.options.table,
            Key: { [KEY]: { S: name } },
            UpdateExpression: 'SET #h = :h, #e = :e, #a = :a, #p = :p ADD #ep :one',
            ConditionExpression: 'attribute_not_exists(#k) OR #e < :free',
            ExpressionAttributeNames: {
              '#k': KEY,
              '#h': HOLDER,
              '#e': EXPIRES,
              '#a': ACQUIRED,
              '#p': PURGE,
              '#ep': EPOCH,
            },
            ExpressionAttributeValues: {
              ':h': { S: holder },
              ':e': num(times.expiresAtMs),
              ':a': num(times.nowMs),
              ':p': num(purgeAt(times.expiresAtMs)),
              ':one': num(1),
              ':free': num(times.freeBeforeMs),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      )
      const lease = out.Attributes ? toRecord(out.Attributes) : undefined
      if (!lease) {
        throw new ReconcilerError(
          'INTERNAL',
          `${this.description}: UpdateItem returned no attributes for lease ${name}`,
        )
      }
      return { acquired: true, lease }
    } catch (err) {
      if (!isConditionFailure(err)) throw err
      return { acquired: false, current: await this.read(name) }
    }
  }

  async renew(name: string, holder: string, epoch: number, expiresAtMs: number): Promise<boolean> {
    return this.conditional(name, holder, epoch, 'SET #e = :e, #p = :p', {
      ':e': num(expiresAtMs),
      ':p': num(purgeAt(expiresAtMs)),
    })
  }

  async release(name: string, holder: string, epoch: number): Promise<boolean> {
    return this.conditional(name, holder, epoch, 'SET #e = :e', { ':e': num(0) })
  }

  async read(name: string): Promise<LeaseRecord | undefined> {
    const item = await this.getItem(name)
    return item ? toRecord(item) : undefined
  }

  async list(prefix: string): Promise<LeaseRecord[]> {
    const records: LeaseRecord[] = []
    let start: Record<string, AttributeValue> | undefined
    do {
      const page = await this.send('Scan', () =>
        this.client.send(
          new ScanCommand({
            TableName: this.options.table,
            ConsistentRead: true,
            FilterExpression: 'begins_with(#k, :p)',
            ExpressionAttributeNames: { '#k': KEY },
            ExpressionAttributeValues: { ':p': { S: prefix } },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      )
      for (const item of page.Items ?? []) records.push(toRecord(item))
      start = page.LastEvaluatedKey
    } while (start)
    return records.sort((a, b) => a.name.localeCompare(b.name))
  }

  async readMark(name: string): Promise<number | undefined> {
    const value = (await this.getItem(name))?.[MARK]?.N
    return value === undefined ? undefined : Number(value)
  }

  async raiseMark(name: string, value: number): Promise<void> {
    // A failed condition means the stored mark is as high already (another replica wrote it first).
    await this.updateIf(
      name,
      'SET #m = :v',
      'attribute_not_exists(#m) OR #m < :v',
      { '#m': MARK },
      { ':v': num(value) },
    )
  }

  close(): void {
    this.client.destroy()
  }

  /** The item named `name`, read consistently. */
  private async getItem(name: string): Promise<Record<string, AttributeValue> | undefined> {
    const out = await this.send('GetItem', () =>
      this.client.send(
        new GetItemCommand({
          TableName: this.options.table,
          Key: { [KEY]: { S: name } },
          ConsistentRead: true,
        }),
      ),
    )
    return out.Item
  }

  /** An update that applies only while `holder` holds the lease at `epoch`. */
  private async conditional(
    name: string,
    holder: string,
    epoch: number,
    update: string,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#h': HOLDER, '#ep': EPOCH, '#e': EXPIRES }
    if (update.includes('#p')) names['#p'] = PURGE
    return this.updateIf(name, update, '#h = :h AND #ep = :ep', names, {
      ...values,
      ':h': { S: holder },
      ':ep': num(epoch),
    })
  }

  /** UpdateItem under a condition; false when the condition does not hold. */
  private async updateIf(
    name: string,
    update: string,
    condition: string,
    names: Record<string, string>,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    try {
      await this.send('UpdateItem', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.options.table,
            Key: { [KEY]: { S: name } },
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      )
      return true
    } catch (err) {
      if (isConditionFailure(err)) return false
      throw err
    }
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (err) {
      if (isConditionFailure(err)) throw err
      if (awsCodeOf(err) === 'ResourceNotFoundException') {
        throw new ReconcilerError(
          'NOT_FOUND',
          `lease table ${this.options.table} not found in ${this.options.region}`,
          {
            cause: err,
            hint: 'the daemon never creates it: create it from manifests/deploy/lease-table.json (see manifests/deploy/README.md), or fix --lease-table / ECS_RECONCILER_LEASE_TABLE and the region',
          },
        )
      }
      throw translateError(err, `DynamoDB.${operation}`)
    }
  }
}

/** The AWS error code, whether the middleware has translated the error yet or not. */
function awsCodeOf(err: unknown): string | undefined {
  return err instanceof CloudError ? err.awsCode : (err as { name?: string } | undefined)?.name
}

function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException || awsCodeOf(err) === 'ConditionalCheckFailedException'
  )
}

function num(n: number): AttributeValue {
  return { N: String(Math.round(n)) }
}

function purgeAt(expiresAtMs: number): number {
  return Math.ceil((expiresAtMs + PURGE_AFTER_MS) / 1000)
}

function toRecord(item: Record<string, AttributeValue>): LeaseRecord {
  return {
    name: item[KEY]?.S ?? '',
    holder: item[HOLDER]?.S ?? '',
    epoch: Number(item[EPOCH]?.N ?? 0),
    expiresAtMs: Number(item[EXPIRES]?.N ?? 0),
    acquiredAtMs: Number(item[ACQUIRED]?.N ?? 0),
  }
}
