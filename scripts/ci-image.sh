#!/usr/bin/env bash
# CI for the daemon's container image (docs/image.md). Self-contained: installs its Debian packages,
# makes the base locally (scripts/make-base-image.sh; nothing is pulled from a container registry),
# builds the Dockerfile with buildah, then runs with podman on loopback (--network host):
#   - the local cloud, on the host, seeded by scripts/seed-demo.mjs with what the example names;
#   - the daemon, from the image, as built: non-root, read-only root file system, the example
#     manifests mounted read-only, /tmp the only writable place (the image's VOLUME);
# and checks /healthz and /readyz, that the example converged (`plan --detailed-exitcode` in the
# daemon's container against the same cloud exits 0), uid != 0, the read-only root, the image's
# HEALTHCHECK, tini as PID 1, git in the image, and that SIGTERM stops the daemon with exit 0 within the task definition's stopTimeout.
# Records image size and start-to-ready time in bench/results/image.json and fails over the budget
# in bench/image-budget.json. Removes every container, image and storage folder it made.
#
# Containers: a private containers.conf/storage.conf (overlay, or vfs where overlay cannot mount;
# runc; ulimits the machine allows), so nothing of the machine's own container setup is used or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
stage() {
  local name=$1
  shift
  local stage_started=$SECONDS
  echo "::stage image:${name}"
  "$@"
  echo "::stage image:${name} took $((SECONDS - stage_started)) s (total $((SECONDS - started)) s)"
}
fail() {
  echo "ci-image: FAILED: $*" >&2
  exit 1
}

run_id="ci-image-$$"
base_tag="localhost/ecs-reconciler-base:${run_id}"
image_tag="localhost/ecs-reconciler:${run_id}"
daemon_name="${run_id}-daemon"
work=$(mktemp -d "/tmp/${run_id}.XXXXXX")
manifests="$PWD/manifests/examples"

# ---- packages and private container configuration ---------------------------------------------

install_packages() {
  local missing=()
  for tool in buildah podman mmdebstrap runc tini curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [[ -x /usr/bin/tini-static ]] || missing+=(tini)
  ((${#missing[@]} == 0)) && return 0
  echo "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
    fail "cannot install ${missing[*]} with apt-get (run as root on Debian/Ubuntu)"
}

# write_container_conf DRIVER: private storage (DRIVER) and engine settings under $work.
write_container_conf() {
  cat >"$work/storage.conf" <<EOF
[storage]
driver = "$1"
runroot = "$work/run-$1"
graphroot = "$work/graph-$1"
EOF
  # crun cannot start containers on mixed cgroup v1/v2 hosts; runc can, with limits the host allows.
  cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
}

# A container made of tini-static alone: can this machine run containers at all, and with which
# storage driver? overlay when the kernel allows it (fast), else vfs (a full copy per layer and
# container, but works everywhere). Neither: fail here, before minutes of building, never skip.
configure_containers() {
  export CONTAINERS_STORAGE_CONF="$work/storage.conf" CONTAINERS_CONF="$work/containers.conf"
  export BUILDAH_ISOLATION=chroot
  mkdir -p "$work/probe"
  cp /usr/bin/tini-static "$work/probe/tini"
  tar -C "$work/probe" -cf "$work/probe.tar" tini
  local driver out=''
  for driver in ${CI_IMAGE_STORAGE_DRIVER:-overlay vfs}; do
    write_container_conf "$driver"
    if podman import --quiet "$work/probe.tar" "localhost/${run_id}-probe" >/dev/null 2>&1 &&
      out=$(podman run --rm --network host "localhost/${run_id}-probe" /tini --version 2>&1); then
      podman rmi --force "localhost/${run_id}-probe" >/dev/null 2>&1 || true
      echo "containers run here: podman + runc, storage driver $driver"
      return 0
    fi
    podman rmi --force "localhost/${run_id}-probe" >/dev/null 2>&1 || true
  done
  fail "this machine cannot run containers (podman run with runc failed with every storage driver): $out"
}

cleanup() {
  local rc=$?
  if [[ -n ${CONTAINERS_CONF:-} ]]; then
    podman rm --force --time 0 "$daemon_name" >/dev/null 2>&1 || true
    podman rmi --force "$image_tag" "$base_tag" >/dev/null 2>&1 || true
    podman volume prune --force >/dev/null 2>&1 || true
  fi
  [[ -n ${cloud_pid:-} ]] && { kill "$cloud_pid" 2>/dev/null || true; wait "$cloud_pid" 2>/dev/null || true; }
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# ---- base and image ------------------------------------------------------------------------------

make_base() {
  scripts/make-base-image.sh --trust-host-cas "$base_tag"
}

# The Node the base runs must be the major of .nvmrc (the Dockerfile's default base names it too).
check_base_runs() {
  local out
  out=$(podman run --rm --network host "$base_tag" node --version 2>&1) ||
    fail "cannot run node in the local base: $out"
  local wanted
  wanted=$(tr -d '[:space:]v' <.nvmrc)
  [[ ${out#v} == "${wanted%%.*}".* ]] || fail "the local base runs Node $out but .nvmrc says ${wanted}"
  echo "base runs node $out (.nvmrc: $wanted)"
}

build_image() {
  local version revision source
  version=$(node -p 'require("./package.json").version')
  revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
  source=$(git config --get remote.origin.url 2>/dev/null || echo unknown)
  # --format docker keeps HEALTHCHECK (the OCI format has no field for it). TMPDIR: buildah keeps
  # the Dockerfile's cache mounts under it, so they go with $work.
  mkdir -p "$work/tmp"
  TMPDIR="$work/tmp" buildah bud --quiet --format docker --layers=false \
    --build-arg "BASE_IMAGE=$base_tag" --build-arg "VERSION=$version" \
    --build-arg "REVISION=$revision" --build-arg "SOURCE=$source" \
    -t "$image_tag" . >"$work/build.log" 2>&1 || {
    tail -40 "$work/build.log" >&2
    fail "buildah bud failed (log above)"
  }
  local labels
  labels=$(podman image inspect --format '{{json .Labels}}' "$image_tag")
  for key in source version revision; do
    grep -q "\"org.opencontainers.image.$key\"" <<<"$labels" || fail "the image has no org.opencontainers.image.$key label"
  done
  echo "labels: $labels"
}

# ---- running it ------------------------------------------------------------------------------------

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# The local cloud runs on the host (from this checkout's dist/): one container fewer to copy on vfs.
start_cloud() {
  [[ -f dist/cli/main.js ]] || { [[ -d node_modules ]] || npm ci --no-audit --no-fund; npm run build; }
  local port
  port=$(free_port)
  endpoint="http://127.0.0.1:$port"
  node dist/cli/main.js local-cloud --port "$port" --task-start-seconds 0.3 --consistency-lag 0 >"$work/cloud.log" 2>&1 &
  cloud_pid=$!
  wait_http "$endpoint/" 60 any || { cat "$work/cloud.log" >&2; fail "the local cloud did not answer on $endpoint"; }
  echo "local cloud on $endpoint"
}

# What the example names outside its manifests (roles, secrets, log groups, the alarm), created as a
# user would in AWS, so the daemon runs with its account checks on (docs/verify.md).
seed_cloud() {
  node scripts/seed-demo.mjs --endpoint "$endpoint" || fail "scripts/seed-demo.mjs could not seed the local cloud"
}

# wait_http URL SECONDS [any]: until the URL answers 2xx (or anything, with "any").
wait_http() {
  local deadline=$((SECONDS + $2)) code
  while ((SECONDS < deadline)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true)
    if [[ $code == 2?? ]] || [[ ${3:-} == any && $code != 000 ]]; then return 0; fi
    sleep 0.2
  done
  return 1
}

now_ms() { date +%s%3N; }

# The image's own process settings (user, read-only root, /tmp as its VOLUME), the example read-only.
# Start-to-ready counts from `podman start`: creating the container (a full copy on vfs) is not start-up.
start_daemon() {
  daemon_port=$(free_port)
  podman create --name "$daemon_name" --network host --read-only --read-only-tmpfs=false \
    --health-interval disable -v "$manifests:/manifests:ro" \
    -e AWS_ENDPOINT_URL="$endpoint" -e AWS_REGION=us-east-1 \
    -e AWS_ACCESS_KEY_ID=test -e AWS_SECRET_ACCESS_KEY=test -e NO_COLOR=1 \
    "$image_tag" run /manifests/shop/envs/staging --listen "127.0.0.1:$daemon_port" >/dev/null
  local t0 out
  t0=$(now_ms)
  out=$(podman start "$daemon_name" 2>&1) || fail "this machine cannot run the container (podman start with runc failed): $out"
  wait_http "http://127.0.0.1:$daemon_port/healthz" 60 || { podman logs "$daemon_name" >&2; fail "/healthz never answered 200"; }
  wait_http "http://127.0.0.1:$daemon_port/readyz" 240 || { podman logs "$daemon_name" >&2; fail "/readyz never answered 200 (first pass did not finish)"; }
  ready_ms=$(($(now_ms) - t0))
  echo "healthz and readyz answer 200; start to ready ${ready_ms} ms"
}

# plan and verify from inside the daemon's container: same image, same environment, same cloud.
check_converged() {
  local rc=0
  podman exec "$daemon_name" node dist/cli/main.js plan --detailed-exitcode /manifests/shop/envs/staging >"$work/plan.txt" 2>&1 || rc=$?
  [[ $rc == 0 ]] || { cat "$work/plan.txt" >&2; fail "plan --detailed-exitcode exited $rc after the daemon's pass (0 = converged)"; }
  echo "plan --detailed-exitcode: 0 (converged)"
  podman exec "$daemon_name" node dist/cli/main.js verify /manifests/shop/envs/staging >"$work/verify.txt" 2>&1 ||
    { cat "$work/verify.txt" >&2; fail "verify on the seeded example failed"; }
  tail -1 "$work/verify.txt"
}

# The image's HEALTHCHECK as built (docker format keeps it), run in the container with the port
# this run listens on instead of the default 8080 (the host network may have 8080 taken).
check_healthcheck() {
  local script
  script=$(podman image inspect "$image_tag" | node -e '
    const [image] = JSON.parse(require("fs").readFileSync(0, "utf8"))
    const test = (image.Healthcheck ?? image.Config?.Healthcheck)?.Test ?? []
    if (test[0] !== "CMD" || test[1] !== "node" || test[2] !== "-e") process.exit(1)
    console.log(test[3].replace(":8080/", ":" + process.argv[1] + "/"))' "$daemon_port") ||
    fail "the image has no HEALTHCHECK of the form CMD node -e ..."
  podman exec "$daemon_name" node -e "$script" || fail "the image's HEALTHCHECK reports unhealthy"
}

check_process() {
  local uid readonly pid1 probe
  uid=$(podman exec "$daemon_name" id -u)
  [[ $uid != 0 ]] || fail "the daemon runs as root"
  readonly=$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$daemon_name")
  [[ $readonly == true ]] || fail "the root file system is not read-only"
  probe=$(podman exec "$daemon_name" sh -c 'touch /app/probe 2>&1 && echo writable || true')
  [[ $probe != *writable* ]] || fail "/app is writable"
  podman exec "$daemon_name" sh -c 'touch /tmp/probe && rm /tmp/probe' || fail "/tmp is not writable"
  check_healthcheck
  pid1=$(podman exec "$daemon_name" cat /proc/1/comm)
  [[ $pid1 == tini ]] || fail "PID 1 is $pid1, not tini"
  # git as the Git source uses it: init, commit, clone, rev-parse, as the image's user under /tmp.
  podman exec "$daemon_name" sh -ec 'cd /tmp && git init -q origin && git -C origin -c user.name=ci -c user.email=ci@localhost commit -q --allow-empty -m ci && git clone -q file:///tmp/origin clone && git -C clone rev-parse HEAD >/dev/null && rm -rf origin clone' ||
    fail "git does not work in the image"
  echo "uid $uid, read-only root, /tmp writable, HEALTHCHECK healthy, PID 1 tini, git works"
}

check_sigterm() {
  local timeout t0 code
  timeout=$(node -p 'require("./manifests/deploy/task-definition.json").containerDefinitions[0].stopTimeout')
  t0=$(now_ms)
  podman kill --signal TERM "$daemon_name" >/dev/null
  code=$(timeout "$((timeout + 5))" podman wait "$daemon_name") || fail "the daemon did not stop within ${timeout} s of SIGTERM"
  stop_ms=$(($(now_ms) - t0))
  [[ $code == 0 ]] || { podman logs --tail 30 "$daemon_name" >&2; fail "the daemon exited $code on SIGTERM (want 0)"; }
  ((stop_ms <= timeout * 1000)) || fail "SIGTERM to exit took ${stop_ms} ms, over the stopTimeout ${timeout} s"
  echo "SIGTERM: exit 0 after ${stop_ms} ms (stopTimeout ${timeout} s)"
}

record() {
  node scripts/record-image-bench.mjs \
    --image-bytes "$(podman image inspect --format '{{.Size}}' "$image_tag")" \
    --base-bytes "$(podman image inspect --format '{{.Size}}' "$base_tag")" \
    --ready-ms "$ready_ms" --stop-ms "$stop_ms" \
    --node "$(podman run --rm "$base_tag" node --version)"
}

stage packages install_packages
stage containers configure_containers
stage base make_base
stage base-runs check_base_runs
stage build build_image
stage local-cloud start_cloud
stage seed seed_cloud
stage daemon-ready start_daemon
stage converged check_converged
stage process check_process
stage sigterm check_sigterm
stage record record
echo "::ci-image took $((SECONDS - started)) s"
