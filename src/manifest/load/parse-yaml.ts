/** @module Parses multi-document YAML into plain values, keeping a source map per document; linear in the input. */
import { Composer, LineCounter, Parser, type Document, type YAMLError } from 'yaml'
import { MAX_ISSUES_PER_FILE, type ManifestIssue } from '../issues.js'
import type { UnloadedDocument } from '../unloaded.js'
import { LoadLimitError, MAX_ALIAS_EXPANSIONS, MAX_DOCUMENTS_PER_FILE, MAX_KEYS_PER_FILE } from './limits.js'
import { parseFast } from './parse-fast.js'
import type { ParseResult } from './parse-result.js'
import { createDocumentSource } from './source-map.js'
import type { ManifestFile } from './read-files.js'
import { runSteps, type Steps } from './steps.js'
import { toPlain, type FileCounters } from './to-plain.js'

export { MAX_ALIAS_EXPANSIONS }

export type { ParsedDocument, ParseResult } from './parse-result.js'

const YAML_RULES: Record<string, { ruleId: string; hint: string }> = {
  TAB_AS_INDENT: { ruleId: 'yaml/tab-indent', hint: 'indent with spaces; YAML forbids tabs for indentation' },
  DUPLICATE_KEY: {
    ruleId: 'yaml/duplicate-key',
    hint: 'remove or rename one of the keys; the later one would silently win elsewhere',
  },
  RESOURCE_EXHAUSTION: {
    ruleId: 'yaml/too-deep',
    hint: 'a manifest never nests this deep: look for runaway brackets or indentation',
  },
}

/** The text is fed to the parser in pieces of about this many characters, with a chance to yield between them. */
const CHUNK_CHARS = 64 * 1024

/** The file-wide limits; tests make them smaller to check them quickly. */
export interface FileLimits {
  readonly maxDocuments: number
  readonly maxKeys: number
}

const FILE_LIMITS: FileLimits = { maxDocuments: MAX_DOCUMENTS_PER_FILE, maxKeys: MAX_KEYS_PER_FILE }

export function parseManifestFile(file: ManifestFile, limits: FileLimits = FILE_LIMITS): ParseResult {
  return runSteps(parseManifestSteps(file, limits))
}

/**
 * Parses the file, yielding between pieces of text and between documents (see steps.ts); most files
 * take the fast way (parse-fast.ts), the rest the full parser.
 */
export function* parseManifestSteps(
  file: ManifestFile,
  limits: FileLimits = FILE_LIMITS,
): Steps<ParseResult> {
  const result: ParseResult = { documents: [], issues: [], unloaded: [] }
  if (file.text.trim() === '') {
    result.issues.push({
      ruleId: 'file/empty',
      severity: 'warning',
      message: 'file is empty',
      hint: 'add a manifest or delete the file',
      position: { file: file.file, line: 1, col: 1 },
    })
    return result
  }
  const fast = parseFast(file, limits, () => runSteps(fullParseSteps(file, limits)))
  if (fast) return fast
  return yield* fullParseSteps(file, limits)
}

/** The full way only, whatever the file holds (tests compare the two ways with it). */
export function parseManifestFileFully(file: ManifestFile, limits: FileLimits = FILE_LIMITS): ParseResult {
  return runSteps(fullParseSteps(file, limits))
}

/** The full way: the `yaml` library's node tree, with positions, every check and every error. */
function* fullParseSteps(file: ManifestFile, limits: FileLimits): Steps<ParseResult> {
  const result: ParseResult = { documents: [], issues: [], unloaded: [] }
  const lines = new LineCounter()
  const counters: FileCounters = { keys: 0, maxKeys: limits.maxKeys }
  let index = 0
  try {
    for (const doc of composeDocuments(file.text, lines)) {
      if (doc === undefined) {
        yield
        continue
      }
      if (index === limits.maxDocuments) {
        result.issues.push(tooManyDocuments(file.file, limits.maxDocuments, lines.linePos(doc.range[0])))
        result.documents.length = 0
        result.unloaded.push({ file: file.file })
        return result
      }
      if (!loadDocument(file, doc, index++, lines, counters, result)) return result
      yield
    }
  } catch (err) {
    // The parser recurses on nesting depth; pathological input can exhaust the stack.
    result.issues.push({
      ruleId: 'yaml/syntax',
      severity: 'error',
      message: `YAML could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
      hint: 'simplify the document (nesting that deep is not a manifest)',
      position: { file: file.file, line: 1, col: 1 },
    })
    result.unloaded.push({ file: file.file })
  }
  return result
}

/**
 * The documents of the text as the parser completes them, with `undefined` after each piece of text
 * (a chance to yield). Duplicate keys are left to toPlain: the library's check is quadratic.
 */
function* composeDocuments(text: string, lines: LineCounter): Generator<Document.Parsed | undefined> {
  const parser = new Parser(lines.addNewLine)
  const composer = new Composer({ uniqueKeys: false })
  for (let start = 0; start < text.length;) {
    const cut = text.indexOf('\n', start + CHUNK_CHARS)
    const end = cut === -1 ? text.length : cut + 1
    for (const token of parser.parse(text.slice(start, end), end < text.length)) yield* composer.next(token)
    start = end
    yield undefined
  }
  yield* composer.end()
}

/** Adds one document to the result; false when a file-wide limit was hit and the rest of the file is not loaded. */
function loadDocument(
  file: ManifestFile,
  doc: Document.Parsed,
  index: number,
  lines: LineCounter,
  counters: FileCounters,
  result: ParseResult,
): boolean {
  const source = createDocumentSource(file.file, index, doc, lines)
  const at = (offset: number) => ({ file: file.file, ...lines.linePos(offset) })
  if (doc.errors.length > 0) {
    // Once the parser runs out of stack, every later error of the document is an echo of that one.
    const exhausted = doc.errors.find((err) => err.code === 'RESOURCE_EXHAUSTION')
    for (const err of exhausted ? [exhausted] : doc.errors) {
      // Past the per-file limit an issue is only counted, so skip the costly search for the opening quote.
      result.issues.push(
        yamlIssue(file.file, err, lines, result.issues.length < MAX_ISSUES_PER_FILE ? file.text : undefined),
      )
    }
    result.unloaded.push(recoverIdentity(file.file, doc))
    return true
  }
  // A document holding only comments or `---` separators is not a manifest: skip it quietly.
  if (doc.contents === null) return true
  let plain
  try {
    plain = toPlain(doc.contents, counters)
  } catch (err) {
    if (!(err instanceof LoadLimitError)) throw err
    result.issues.push({
      ruleId: err.ruleId,
      severity: 'error',
      message: err.message,
      hint: err.hint,
      position: at(err.offset),
    })
    result.unloaded.push(recoverIdentity(file.file, doc))
    // The key count is the file's: past it, the later documents are not read either.
    return err.ruleId !== 'yaml/too-many-keys'
  }
  if (plain.problems.length > 0) {
    for (const p of plain.problems) {
      result.issues.push({
        ruleId: p.ruleId,
        severity: 'error',
        message: p.message,
        hint: p.hint,
        position: at(p.offset),
      })
    }
    result.unloaded.push(recoverIdentity(file.file, doc))
    return true
  }
  // A document holding only comments parses to null: nothing to check.
  if (plain.value !== null && plain.value !== undefined) result.documents.push({ value: plain.value, source })
  return true
}

function tooManyDocuments(file: string, max: number, pos: { line: number; col: number }): ManifestIssue {
  return {
    ruleId: 'yaml/too-many-documents',
    severity: 'error',
    message: `file has more than ${max.toLocaleString('en')} documents; none of it is loaded`,
    hint: 'split it into several files',
    position: { file, line: pos.line, col: pos.col },
  }
}

/** The kind and name a broken document still shows, so references to it are not reported as unknown. */
function recoverIdentity(file: string, doc: Document.Parsed): UnloadedDocument {
  try {
    const kind: unknown = doc.getIn(['kind'])
    const name: unknown = doc.getIn(['metadata', 'name'])
    return {
      file,
      ...(typeof kind === 'string' ? { kind } : {}),
      ...(typeof name === 'string' ? { name } : {}),
    }
  } catch {
    return { file }
  }
}

/**
 * The parser reports an unclosed quote where the input ends; people need the line that opened it:
 * the last line before that point with an odd number of that quote character.
 */
function openingQuote(text: string, end: number, quote: string): { line: number; col: number } | undefined {
  const before = text.slice(0, end).split('\n')
  for (let i = before.length - 1; i >= 0; i--) {
    const line = before[i] ?? ''
    const count = line.split(quote).length - 1
    if (count % 2 === 1) return { line: i + 1, col: line.lastIndexOf(quote) + 1 }
  }
  return undefined
}

function yamlIssue(
  file: string,
  err: YAMLError,
  lines: LineCounter,
  text: string | undefined,
): ManifestIssue {
  const known = YAML_RULES[err.code]
  const quote =
    text !== undefined && err.code === 'MISSING_CHAR'
      ? (/closing (["'])/.exec(err.message)?.[1] ?? (/closing "quote/.test(err.message) ? '"' : undefined))
      : undefined
  const pos =
    (quote && text !== undefined ? openingQuote(text, err.pos[0], quote) : undefined) ??
    err.linePos?.[0] ??
    lines.linePos(err.pos[0])
  const firstLine = err.message.split('\n')[0] ?? err.message
  if (err.code === 'RESOURCE_EXHAUSTION') {
    return {
      ruleId: known?.ruleId ?? 'yaml/too-deep',
      severity: 'error',
      message:
        'YAML nests too deeply to be read: the parser gave up here, so later errors in this document are not reported',
      hint: known?.hint ?? 'simplify the document',
      position: { file, line: pos.line, col: pos.col },
    }
  }
  return {
    ruleId: known?.ruleId ?? 'yaml/syntax',
    severity: 'error',
    message: firstLine.replace(/ at line \d+, column \d+:?$/, ''),
    hint: known?.hint ?? 'fix the YAML syntax at this position (quote strings that contain `: ` or `#`)',
    position: { file, line: pos.line, col: pos.col },
  }
}
