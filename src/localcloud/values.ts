/** @module The value shapes every area of the emulator's state uses: tag maps and JSON objects as sent on the wire. */
export type Tags = Record<string, string>
export type Json = Record<string, unknown>
