/** @module Parses multi-document YAML into plain values, keeping a source map per document. */
import { LineCounter, parseAllDocuments, type Document, type YAMLError } from 'yaml'
import { MAX_ISSUES_PER_FILE, type ManifestIssue } from '../issues.js'
import type { UnloadedDocument } from '../unloaded.js'
import { createDocumentSource, type DocumentSource } from './source-map.js'
import type { ManifestFile } from './read-files.js'

/** An alias may be expanded at most this many times per document: enough for real reuse, fatal to an alias bomb. */
export const MAX_ALIAS_EXPANSIONS = 100

export interface ParsedDocument {
  readonly value: unknown
  readonly source: DocumentSource
}

export interface ParseResult {
  readonly documents: ParsedDocument[]
  readonly issues: ManifestIssue[]
  /** Documents that could not be read, with whatever kind and name the partial parse still shows. */
  readonly unloaded: UnloadedDocument[]
}

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

export function parseManifestFile(file: ManifestFile): ParseResult {
  const issues: ManifestIssue[] = []
  const documents: ParsedDocument[] = []
  const unloaded: UnloadedDocument[] = []
  if (file.text.trim() === '') {
    issues.push({
      ruleId: 'file/empty',
      severity: 'warning',
      message: 'file is empty',
      hint: 'add a manifest or delete the file',
      position: { file: file.file, line: 1, col: 1 },
    })
    return { documents, issues, unloaded }
  }
  const lines = new LineCounter()
  let docs
  try {
    docs = parseAllDocuments(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  } catch (err) {
    // The parser recurses on nesting depth; pathological input can exhaust the stack.
    issues.push({
      ruleId: 'yaml/syntax',
      severity: 'error',
      message: `YAML could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
      hint: 'simplify the document (nesting that deep is not a manifest)',
      position: { file: file.file, line: 1, col: 1 },
    })
    unloaded.push({ file: file.file })
    return { documents, issues, unloaded }
  }
  const list = Array.isArray(docs) ? docs : [docs]
  for (const [index, doc] of list.entries()) {
    const source = createDocumentSource(file.file, index, doc, lines)
    if (doc.errors.length > 0) {
      // Once the parser runs out of stack, every later error of the document is an echo of that one.
      const exhausted = doc.errors.find((err) => err.code === 'RESOURCE_EXHAUSTION')
      for (const err of exhausted ? [exhausted] : doc.errors) {
        // Past the per-file limit an issue is only counted, so skip the costly search for the opening quote.
        issues.push(
          yamlIssue(file.file, err, lines, issues.length < MAX_ISSUES_PER_FILE ? file.text : undefined),
        )
      }
      unloaded.push(recoverIdentity(file.file, doc))
      continue
    }
    // A document holding only comments or `---` separators is not a manifest: skip it quietly.
    if (doc.contents === null) continue
    let value: unknown
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS })
    } catch (err) {
      const aliasBomb = err instanceof ReferenceError || /alias/i.test(String(err))
      issues.push({
        ruleId: aliasBomb ? 'yaml/alias-limit' : 'yaml/syntax',
        severity: 'error',
        message: aliasBomb
          ? `YAML aliases expand too many times (limit ${MAX_ALIAS_EXPANSIONS}): this looks like an alias bomb`
          : `YAML could not be read: ${err instanceof Error ? err.message : String(err)}`,
        hint: aliasBomb ? 'write the values out, or reuse fewer anchors' : 'check the YAML syntax',
        position: source.positionOf([]),
      })
      unloaded.push(recoverIdentity(file.file, doc))
      continue
    }
    // A document holding only comments parses to null: nothing to check.
    if (value === null || value === undefined) continue
    documents.push({ value, source })
  }
  return { documents, issues, unloaded }
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
