/** @module How a service is named in plan output: `Service <cluster>/<name>`. */
export const serviceLabel = (name: string, cluster: string | undefined): string =>
  `Service ${cluster ?? ''}/${name}`
