/**
 * @module An HTTP 5xx whose body is not a JSON error (a load balancer's HTML 503 page, an empty body)
 * becomes one error shape on every SDK client, whatever its generation: named by its status code
 * (`503`), a server fault with that status in `$metadata`, so the SDK's retry strategy retries it as
 * transient and the metrics count it as a 5xx instead of the parser's `SyntaxError`.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html (transient errors: 500, 502, 503, 504)
 */

interface RawResponse {
  statusCode?: number
  headers?: Record<string, string | undefined>
  body?: unknown
}

interface StreamCollectorContext {
  /** Present on every client; reads a response body stream into bytes. */
  streamCollector?: (body: unknown) => Promise<Uint8Array>
}

/** The error an unparseable 5xx becomes. */
export class UnparseableServerError extends Error {
  readonly $fault = 'server' as const
  readonly $metadata: { httpStatusCode: number }
  constructor(status: number, bodyStart: string) {
    super(
      `HTTP ${status} with a body that is not an AWS error${bodyStart ? ` (${JSON.stringify(bodyStart)}…)` : ' (empty body)'}`,
    )
    this.name = String(status)
    this.$metadata = { httpStatusCode: status }
  }
}

/** True when the body holds a JSON object (the shape of every AWS JSON error); anything else is unparseable. */
export function isJsonErrorBody(text: string): boolean {
  if (!text.trim().startsWith('{')) return false
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null
  } catch {
    return false
  }
}

async function bodyBytes(body: unknown, collector: StreamCollectorContext): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array()
  if (body instanceof Uint8Array) return body
  if (typeof body === 'string') return new TextEncoder().encode(body)
  if (!collector.streamCollector) return new Uint8Array()
  return collector.streamCollector(body)
}

type Next = (args: unknown) => Promise<{ response?: unknown }>

/**
 * Deserialize-step middleware placed inside the SDK's deserializer: it sees the raw response first.
 * A 5xx body is read once; when it is an AWS JSON error it is handed on as bytes (every SDK
 * generation accepts a Uint8Array body), otherwise the uniform error is thrown.
 */
export function unparseable5xxMiddleware(config: StreamCollectorContext) {
  return (next: Next) =>
    async (args: unknown): Promise<{ response?: unknown }> => {
      const result = await next(args)
      const response = result.response as RawResponse | undefined
      const status = response?.statusCode ?? 0
      if (!response || status < 500 || status > 599) return result
      const bytes = await bodyBytes(response.body, config)
      const text = new TextDecoder().decode(bytes)
      if (isJsonErrorBody(text)) {
        response.body = bytes
        return result
      }
      throw new UnparseableServerError(status, text.trim().slice(0, 40))
    }
}
