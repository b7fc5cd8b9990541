#!/usr/bin/env bash
# Regenerates the AWS model data from the pinned botocore release into a temporary folder and fails when
# it differs from what is committed under src/aws-model/generated. Needs python3 and PyPI (pip download).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 scripts/aws-model/generate.py --out "$out" ${BOTOCORE_WHEEL:+--botocore-wheel "$BOTOCORE_WHEEL"}
if ! diff -r "$out" src/aws-model/generated >/dev/null; then
  diff -r "$out" src/aws-model/generated | head -40
  echo "src/aws-model/generated is stale: run npm run model:generate and commit the result" >&2
  exit 1
fi
echo "src/aws-model/generated matches botocore $(python3 -c 'import json; print(json.load(open("scripts/aws-model/pin.json"))["botocore"])')"
