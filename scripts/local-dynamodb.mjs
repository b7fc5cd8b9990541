/* global process, console */
// A local DynamoDB for the lease demo: dynalite on 127.0.0.1 (port from argv, default 4567), with
// the lease table created from manifests/deploy/lease-table.json, as the deploy steps create it on AWS.
// The daemon itself never creates the table. Ctrl-C stops it.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'
const port = Number(process.argv[2] ?? 4567)
const dynalite = createRequire(import.meta.url)('dynalite')
const server = dynalite({ createTableMs: 0 })
await new Promise((done) => server.listen(port, '127.0.0.1', done))
const endpoint = `http://127.0.0.1:${port}`
const input = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../manifests/deploy/lease-table.json'), 'utf8'),
)
const client = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
})
await client.send(new CreateTableCommand(input))
client.destroy()
console.log(`local DynamoDB on ${endpoint} with table ${input.TableName}; Ctrl-C stops it`)
process.once('SIGINT', () => server.close(() => process.exit(0)))
process.once('SIGTERM', () => server.close(() => process.exit(0)))
