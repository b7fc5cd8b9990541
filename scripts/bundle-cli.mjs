#!/usr/bin/env node
/* global console, process */
/**
 * Bundles the compiled CLI (dist/cli/main.js, written by tsc) into one entry file plus lazily loaded
 * chunks (dist/cli/chunks/). Node resolves and links each ES module on its own, so starting the
 * unbundled CLI meant about 330 modules and ~0.4 s before any work (a `--version` took 0.5 s); the
 * bundle starts in about a third of that, which every `validate`, `plan` and daemon start pays.
 *
 * The pure-JS packages the manifest path needs (zod, yaml, js-yaml, commander, cron-parser) are
 * bundled; the AWS SDK, pino, chokidar and prom-client stay ordinary imports of node_modules, loaded
 * only by the chunks that need them (the commands import the cloud and the daemon dynamically).
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
  external: ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*', 'pino', 'pino-pretty', 'chokidar', 'prom-client'],
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
