# syntax=docker/dockerfile:1
#
# ecs-reconciler daemon image (docs/image.md).
#   build:   docker build -t ecs-reconciler .
#   run:     docker run --rm --read-only -v /tmp -p 8080:8080 -e ECS_RECONCILER_GIT_URL=https://... ecs-reconciler
# Stage 1 compiles TypeScript and bundles the CLI (scripts/bundle-cli.mjs) with the dev toolchain;
# stage 2 carries only the production dependencies (from the lockfile), the compiled dist/, git
# (the Git manifest source shells out to it), CA certificates and tini.
# test/packaging/dockerfile.test.ts checks this file against package.json, .nvmrc and
# .dockerignore; test/packaging/deploy-manifests.test.ts against manifests/deploy.

# The public Debian slim Node image of the major in .nvmrc. CI builds on a base made locally
# instead (scripts/make-base-image.sh: same Debian release, same Node major, git/tini preinstalled).
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build -------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS build
WORKDIR /app
# Lockfile first, so the dependency layer is reused while only sources change. npm's cache is a
# cache mount shared by both stages: the runtime stage's install finds its packages there, and the
# cache never lands in a layer.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/bundle-cli.mjs ./scripts/
# The image runs only the bundled CLI (dist/cli/main.js and its chunks); the rest of what tsc wrote
# is for the tests and benchmarks of a checkout.
RUN npm run build \
    && find dist -mindepth 1 -maxdepth 1 ! -name cli -exec rm -rf {} + \
    && find dist/cli -mindepth 1 -maxdepth 1 ! -name main.js ! -name chunks -exec rm -rf {} +

# ---- runtime -----------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="ecs-reconciler" \
      org.opencontainers.image.description="GitOps reconciler for Amazon ECS on Fargate" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
ENV NODE_ENV=production
# git for the Git source, CA certificates for HTTPS remotes, tini as PID 1. The public slim image
# has none of them (they come from Debian's mirror); the local base has all, so nothing is fetched.
RUN if ! command -v git >/dev/null || ! command -v tini >/dev/null \
      || [ ! -s /etc/ssl/certs/ca-certificates.crt ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends git ca-certificates tini \
      && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, exactly as the lockfile pins them; no install scripts run. Type
# declarations and source maps are not used at run time (~16 MB of the AWS SDK).
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' \) -delete
COPY --from=build /app/dist ./dist
# The application files stay owned by root, so the daemon cannot modify its own code. With a
# read-only root file system it writes only to /tmp: its Git clone (--git-dir, default
# /tmp/ecs-reconciler-git) lives there. /tmp is a volume so that it stays writable; ECS copies a
# VOLUME path's permissions (here 1777) to the task's bind mount of the same path
# (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html).
# /app/.ecs-reconciler is for `--local` on a writable root only.
RUN mkdir -p /app/.ecs-reconciler && chown 1000:1000 /app/.ecs-reconciler && chmod 1777 /tmp
VOLUME ["/tmp"]
# uid/gid 1000 is the "node" user of both bases.
USER 1000:1000
EXPOSE 8080
# Liveness via /healthz with node itself (the slim image has no curl). Assumes the default --listen port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# tini is PID 1: it forwards SIGTERM to node and reaps the git processes the Git source starts.
# -s (subreaper) keeps reaping when something else is PID 1 (ECS initProcessEnabled, docker --init).
ENTRYPOINT ["tini", "-s", "--", "node", "dist/cli/main.js"]
CMD ["run", "--listen", "0.0.0.0:8080"]
