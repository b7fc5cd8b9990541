/** @module Generates a large manifest set: namespaces of client-server backends with clients calling them. */

export interface GeneratedFile {
  readonly file: string
  readonly text: string
}

export interface GenerateOptions {
  readonly cluster?: string
  /** Services per namespace (default 50); four in five are backends, the rest clients. */
  readonly perNamespace?: number
}

/** `services` services spread over namespaces of 50: 40 backends (chained in fives) and 10 clients each. */
export function generateManifests(services: number, options: GenerateOptions = {}): GeneratedFile[] {
  const cluster = options.cluster ?? 'bench'
  const files: GeneratedFile[] = [
    {
      file: 'cluster.yaml',
      text: `apiVersion: ecs-reconciler/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${cluster}\nspec:\n  capacityProviders: [FARGATE, FARGATE_SPOT]\n`,
    },
  ]
  const perNamespace = options.perNamespace ?? 50
  const backends = Math.floor((perNamespace * 4) / 5)
  for (let i = 0; i < services; i++) {
    const ns = `ns${Math.floor(i / perNamespace)}`
    const index = i % perNamespace
    if (index === 0) {
      files.push({
        file: `${ns}/namespace.yaml`,
        text: `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ${ns}\nspec: {}\n`,
      })
    }
    const backend = index < backends
    const name = `${ns}-svc${index}`
    const dependsOn = backend && index % 5 !== 0 ? `  dependsOn: [${ns}-svc${index - 1}]\n` : ''
    const services = backend
      ? `    services:\n      - portName: http\n        discoveryName: ${name}\n        clientAliases:\n          - port: 80\n            dnsName: ${name}\n`
      : ''
    files.push({
      file: `${ns}/${name}.yaml`,
      text: `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: ${name}
spec:
  cluster: ${cluster}
  desiredCount: 2
${dependsOn}  taskDefinition:
    cpu: 512
    memory: 1024
    containers:
      - name: app
        image: public.ecr.aws/bench/${name}:1.0.${i}
        cpu: 256
        memory: 512
        portMappings:
          - name: http
            containerPort: 8080
            appProtocol: http
        environment:
          INDEX: "${i}"
          LOG_LEVEL: info
  launchType: FARGATE
  network:
    subnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
  serviceConnect:
    namespace: ${ns}
${services}`,
    })
  }
  return files
}
