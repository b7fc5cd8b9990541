#!/usr/bin/env bash
# Makes the image's base locally, without pulling anything from a container registry: a minimal
# Debian bookworm root (mmdebstrap, packages from the Debian mirror) with git (the Git manifest
# source), CA certificates and tini (PID 1), plus this machine's Node runtime and npm copied in,
# and a `node` user with uid/gid 1000 like the public node images have.
#
#   scripts/make-base-image.sh [--trust-host-cas] [TAG]     (default TAG localhost/ecs-reconciler-base:node<major>)
#
# --trust-host-cas adds the machine's extra CA certificates (/usr/local/share/ca-certificates) to the
# base and points Node at the system bundle, for builds behind a TLS-intercepting proxy. Use it for
# CI bases only: an image built on such a base trusts those CAs too.
#
# Needs root (or a user namespace), mmdebstrap and podman. Container storage is whatever
# CONTAINERS_STORAGE_CONF / CONTAINERS_CONF point at (scripts/ci-image.sh sets private ones).
# The Node major must equal .nvmrc; the script stops otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

trust_host_cas=false
if [[ ${1:-} == --trust-host-cas ]]; then
  trust_host_cas=true
  shift
fi

fail() {
  echo "make-base-image: $*" >&2
  exit 1
}

for tool in mmdebstrap podman; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install -y mmdebstrap podman"
done
node_bin=$(readlink -f "${NODE_BIN:-$(command -v node)}") || fail "no node on PATH (or set NODE_BIN)"
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
[[ -f $npm_dir/package.json ]] || fail "cannot find npm's folder (looked at $npm_dir)"

node_version=$("$node_bin" --version)
node_major=${node_version#v}
node_major=${node_major%%.*}
wanted_major=$(tr -d '[:space:]v' <.nvmrc)
wanted_major=${wanted_major%%.*}
[[ $node_major == "$wanted_major" ]] ||
  fail "this machine's Node is $node_version but .nvmrc says $wanted_major: install Node $wanted_major or set NODE_BIN"

# The Debian release of the public default base (node:<major>-bookworm-slim in the Dockerfile).
debian_suite=bookworm
tag=${1:-localhost/ecs-reconciler-base:node$node_major}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

extra_cas=()
if $trust_host_cas; then
  shopt -s nullglob
  extra_cas=(/usr/local/share/ca-certificates/*.crt)
  shopt -u nullglob
fi

# Hooks run on the host with the new root as "$1". Docs, man pages and locales are left out (dpkg
# path-exclude) to keep the base small; apt's lists and caches are removed at the end.
hooks=(
  --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\" && cp -a '$node_bin' \"\$1/usr/local/bin/node\""
  --customize-hook="cp -a '$npm_dir' \"\$1/usr/local/lib/node_modules/npm\" && rm -rf \"\$1/usr/local/lib/node_modules/npm/docs\" \"\$1/usr/local/lib/node_modules/npm/man\""
  --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm"'
  --customize-hook='ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"'
  --customize-hook='chroot "$1" groupadd --gid 1000 node'
  --customize-hook='chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
)
for ca in "${extra_cas[@]}"; do
  hooks+=(--customize-hook="cp '$ca' \"\$1/usr/local/share/ca-certificates/\"")
done
if ((${#extra_cas[@]} > 0)); then
  hooks+=(--customize-hook='chroot "$1" update-ca-certificates >/dev/null')
fi
# git depends on perl only for porcelain the daemon never runs (add -i, send-email, svn...); it runs
# plumbing (init, fetch, checkout, rev-parse), all C. Dropping perl saves ~50 MB. Afterwards apt
# reports git's perl dependency as unmet: this base is for building this image, not for extending.
hooks+=(--customize-hook='chroot "$1" dpkg --purge --force-depends liberror-perl perl perl-modules-5.36 libperl5.36 >/dev/null')
hooks+=(--customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*.log')

echo "make-base-image: $debian_suite + node $node_version + git, ca-certificates, tini -> $tag"
mmdebstrap --quiet --variant=minbase --mode=root --format=tar \
  --include=ca-certificates,git,tini \
  --aptopt='Apt::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  "${hooks[@]}" \
  "$debian_suite" "$work/rootfs.tar" http://deb.debian.org/debian

changes=(
  --change "ENV NODE_VERSION=${node_version#v}"
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'CMD ["node"]'
)
if ((${#extra_cas[@]} > 0)); then
  changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
fi
podman import --quiet "${changes[@]}" "$work/rootfs.tar" "$tag" >/dev/null
echo "make-base-image: made $tag"
