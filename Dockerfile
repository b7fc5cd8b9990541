# syntax=docker/dockerfile:1
#
# ecs-reconciler daemon image.
#   build:   docker build -t ecs-reconciler .
#   run:     docker run --rm -p 8080:8080 -e ECS_RECONCILER_GIT_URL=https://... ecs-reconciler
# Stage 1 compiles TypeScript with the dev toolchain; stage 2 carries only the production
# dependencies, the compiled dist/ and git (the Git manifest source shells out to the git CLI).
# test/packaging/dockerfile.test.ts checks this file against package.json and .dockerignore.

# ---- build -------------------------------------------------------------------------------------
FROM node:22-alpine AS build
WORKDIR /app
# Lockfile first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime -----------------------------------------------------------------------------------
FROM node:22-alpine AS runtime
ENV NODE_ENV=production
# git for the Git source (HTTPS remotes need the CA bundle).
RUN apk add --no-cache git ca-certificates
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; no install scripts run.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The application files stay owned by root, so the daemon cannot modify its own code. It writes only
# its Git clone (under the temp dir: --git-dir, default /tmp/ecs-reconciler-git) and, with --local,
# the embedded cloud's state in /app/.ecs-reconciler; both are writable by the base image's non-root
# "node" user (uid 1000).
RUN mkdir -p /app/.ecs-reconciler && chown node:node /app/.ecs-reconciler
USER node
EXPOSE 8080
# Liveness via /healthz with node itself (alpine has no curl). Assumes the default --listen port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["run", "--listen", "0.0.0.0:8080"]
