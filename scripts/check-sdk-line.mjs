/* global process, console */
// Fails when the AWS SDK clients split onto more than one version line: every `@aws-sdk/client-*`
// dependency (except the FIS client, which the registry serves only on an older generation) must be
// pinned to one exact version in package.json, and the lockfile must install exactly that version.
// The FIS client may be imported by one source file only, so that replacing it touches one file.
// Usage: node scripts/check-sdk-line.mjs [repo root]   (npm run check:sdk-line)
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

/** Kept on its own line: the newest `@aws-sdk/client-fis` the registry serves (see docs/resilience.md). */
const OFF_LINE = { '@aws-sdk/client-fis': '3.523.0' }
const FIS_ADAPTER = 'src/cloud/aws/fis-adapter.ts'

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
const problems = []

const declared = { ...pkg.dependencies, ...pkg.devDependencies }
const clients = Object.entries(declared).filter(([name]) => name.startsWith('@aws-sdk/client-'))
const installed = (name) => lock.packages?.[`node_modules/${name}`]?.version

for (const [name, range] of clients) {
  if (!/^\d+\.\d+\.\d+$/.test(range)) problems.push(`${name}: "${range}" is a range; pin an exact version`)
  if (installed(name) !== range) {
    problems.push(`${name}: package.json says ${range}, package-lock.json installs ${installed(name)}`)
  }
}
const line = clients.filter(([name]) => !(name in OFF_LINE))
const versions = [...new Set(line.map(([, range]) => range))]
if (versions.length !== 1) {
  problems.push(
    `the clients are on ${versions.length} versions, not one: ${line.map(([n, v]) => `${n}@${v}`).join(', ')}`,
  )
}
for (const [name, version] of Object.entries(OFF_LINE)) {
  if (name in declared && declared[name] !== version) {
    problems.push(`${name}: expected ${version} (the newest the registry serves), got ${declared[name]}`)
  }
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.(ts|mts|js|mjs)$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  )
}
const fisImporters = sourceFiles(join(root, 'src'))
  .filter((f) => /from\s+['"]@aws-sdk\/client-fis['"]/.test(readFileSync(f, 'utf8')))
  .map((f) => relative(root, f))
if (fisImporters.some((f) => f !== FIS_ADAPTER)) {
  problems.push(`@aws-sdk/client-fis is imported outside ${FIS_ADAPTER}: ${fisImporters.join(', ')}`)
}

if (problems.length > 0) {
  console.error(`check-sdk-line: the AWS SDK clients are not on one line:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(
  `check-sdk-line: ${line.length} clients on ${versions[0]}; ${Object.keys(OFF_LINE).join(', ')} kept apart in ${FIS_ADAPTER}`,
)
