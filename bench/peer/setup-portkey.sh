#!/usr/bin/env bash
# Installs the gateway benchmark's peer, the Portkey AI gateway (@portkey-ai/gateway), into a scratch folder
# OUTSIDE the repo. Usage: bench/peer/setup-portkey.sh [dir]
#   (default: $PORTKEY_DIR or $HOME/.cache/yardstick-bench/portkey)
# Then: PORTKEY_DIR=<dir> npm run bench:gateway. Only the npm registry is used.
# Portkey's build runs on the same Node as yardstick (its package sets no engines; checked on Node 20.20), so
# unlike the promptfoo peer no second Node is installed: both gateways run on one runtime.
set -euo pipefail

dir=${1:-${PORTKEY_DIR:-$HOME/.cache/yardstick-bench/portkey}}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case "$dir/" in
  "$repo"/*) echo "refusing to install inside the repo ($repo); pick a folder outside it" >&2; exit 2 ;;
esac

# The entry point named by the package's "bin"; it takes --port=N (with "=") and --headless (no UI routes).
entry=$dir/node_modules/@portkey-ai/gateway/build/start-server.js
version() { node -p "require('$dir/node_modules/@portkey-ai/gateway/package.json').version"; }
if [[ -f $entry ]]; then
  echo "already installed: @portkey-ai/gateway $(version) in $dir"
  echo "run: PORTKEY_DIR=$dir npm run bench:gateway"
  exit 0
fi

cd "$dir"
[[ -f package.json ]] || echo '{"private":true}' > package.json
# Its only install script is `patch-package`, and the published package ships no patches: whether npm runs it
# or (npm 11, not approved) skips it, the gateway is the same.
npm install --no-audit --no-fund @portkey-ai/gateway
echo "installed: @portkey-ai/gateway $(version) in $dir"
echo "run: PORTKEY_DIR=$dir npm run bench:gateway"
