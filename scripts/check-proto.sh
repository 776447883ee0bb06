#!/usr/bin/env bash
# buf lint, then buf breaking against the committed protos (HEAD) and against the commit before
# it, so that no field can be renumbered, retyped or removed by an edit or by the latest commit.
set -euo pipefail
cd "$(dirname "$0")/.."
buf=node_modules/.bin/buf
$buf lint
for ref in HEAD HEAD~1; do
  if git cat-file -e "$ref:proto" 2>/dev/null; then
    $buf breaking --against ".git#ref=$ref,subdir=proto"
    echo "check-proto: no breaking change against $ref"
  else
    echo "check-proto: $ref has no proto/ (first commits, or a shallow clone); nothing to compare"
  fi
done
