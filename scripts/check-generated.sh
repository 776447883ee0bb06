#!/usr/bin/env bash
# Regenerates the stubs into a scratch folder and compares them with the committed ones.
# Usage: scripts/check-generated.sh [dir-to-check]   (default: src/generated)
set -euo pipefail
cd "$(dirname "$0")/.."
committed="${1:-src/generated}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
node_modules/.bin/buf generate -o "$scratch"
if ! diff -ru "$committed" "$scratch/src/generated"; then
  echo "check-generated: $committed differs from what 'make generate' produces; run 'make generate' and commit." >&2
  exit 1
fi
echo "check-generated: $committed is up to date"
