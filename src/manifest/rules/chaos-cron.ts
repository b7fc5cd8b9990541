/** @module What makes a cron valid here: 5 fields cron-parser accepts, without hashed (`H`) values. */
import { CronExpressionParser } from 'cron-parser'

/** Why `expression` is not a valid 5-field cron, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/)
  if (fields.length !== 5) return `has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5`
  // cron-parser picks a random value for H unless seeded: replicas and restarts would disagree on the slots.
  if (
    /h/i.test(
      expression.replace(
        /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)\b/gi,
        '',
      ),
    )
  ) {
    return 'hashed values (H) are not supported: every replica must compute the same times'
  }
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' })
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}
