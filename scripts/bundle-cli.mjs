#!/usr/bin/env node
/* global console, process */
/**
 * Bundles the compiled CLI (dist/cli/main.js, written by tsc) into one entry file plus lazily loaded
 * chunks (dist/cli/chunks/). Node resolves and links each ES module on its own, so starting the
 * unbundled CLI meant about 330 modules and ~0.4 s before any work (a `--version` took 0.5 s); the
 * bundle starts in about a third of that, which every `validate`, `plan` and daemon start pays.
 *
 * The packages are bundled too, the AWS SDK included: loading its CommonJS files from an ES module
 * cost ~0.6 s of every `plan` (Node scans each for its exports). The commands import the cloud and
 * the daemon dynamically, so `validate` never loads the SDK's chunk. pino, chokidar and prom-client
 * stay ordinary imports of node_modules (pino starts worker threads by file name).
 * The rest of dist/ stays as tsc wrote it: the tests and the benchmarks import those modules.
 *
 *   node scripts/bundle-cli.mjs      # after `tsc -p tsconfig.build.json`; `npm run build` runs both
 */
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

const cliDir = join(import.meta.dirname, '..', 'dist', 'cli')

// Chunk names carry a content hash; drop the last build's so that none is left over.
rmSync(join(cliDir, 'chunks'), { recursive: true, force: true })

const result = await build({
  entryPoints: [join(cliDir, 'main.js')],
  outdir: cliDir,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['pino', 'pino-pretty', 'chokidar', 'prom-client'],
  // A CommonJS dependency inside an ES module bundle still calls `require` for Node's built-ins.
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
})

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
console.log(
  `bundled dist/cli/main.js: ${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB`,
)
process.exitCode = result.errors.length === 0 ? 0 : 1
