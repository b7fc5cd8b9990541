/**
 * @module The floor of `validate`: read every manifest file under a folder and parse it with the
 * fastest YAML parser the project has (js-yaml when installed, else the `yaml` library), keeping
 * every document — nothing else. Run as its own process, as the CLI is:
 * `node dist-bench/bench/read-parse-floor.js <folder>` prints `{ parser, files, bytes }` as JSON;
 * the caller measures its wall time, CPU and peak RSS (the idle-memory floor: the parsed data).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'

type Parse = (text: string) => unknown

async function fastestParser(): Promise<{ name: string; parse: Parse }> {
  try {
    // Not a dependency of ours (it comes with the lint tools): a floor, not something we ship.
    const moduleName: string = 'js-yaml'
    const jsYaml = (await import(moduleName)) as { loadAll: (text: string) => unknown[] }
    return { name: 'js-yaml', parse: (text) => jsYaml.loadAll(text) }
  } catch {
    return { name: 'yaml', parse: (text) => parseAllDocuments(text).map((d) => d.toJS() as unknown) }
  }
}

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f))
}

export async function readAndParse(
  dir: string,
): Promise<{ parser: string; files: number; bytes: number; kept: unknown[] }> {
  const { name, parse } = await fastestParser()
  const kept: unknown[] = []
  let bytes = 0
  for (const file of manifestFiles(dir)) {
    const text = readFileSync(file, 'utf8')
    bytes += text.length
    kept.push(parse(text))
  }
  return { parser: name, files: kept.length, bytes, kept }
}

const [, script, dir] = process.argv
if (script?.endsWith('read-parse-floor.js') && dir) {
  const { parser, files, bytes } = await readAndParse(dir)
  process.stdout.write(`${JSON.stringify({ parser, files, bytes })}\n`)
}
