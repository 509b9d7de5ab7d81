#!/usr/bin/env bash
# Start the built server from a production-only install (`npm ci --omit=dev`) in a
# temporary directory, in NODE_ENV=production on an empty embedded database, and check
# that it serves /healthz, loaded no demo accounts, never imports a devDependency
# (e.g. @faker-js/faker through the demo seed), and that the install applied patches/
# (ADR 063, ADR 067). Needs a current build (npm run build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
pid=""
# `exec` below makes $pid the server itself, so the cleanup stops it (a leftover server on the port
# answered the next run's requests from a deleted data folder: a 500 on the demo login).
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

cp package.json package-lock.json server.js "$tmp/"
cp -r build patches "$tmp/"
# With scripts: the project's postinstall applies patches/ (patch-package, ADR 063).
(cd "$tmp" && npm ci --omit=dev --no-audit --no-fund --loglevel=error </dev/null)
if [ -d "$tmp/node_modules/@faker-js/faker" ]; then echo "faker was installed by --omit=dev" >&2; exit 1; fi
(cd "$tmp" && node -e 'if (!require("@remix-run/router").UNSAFE_hearthMatchCacheStats) process.exit(1)') ||
  { echo "the production install did not apply patches/@remix-run+router (postinstall: patch-package)" >&2; exit 1; }
grep -q 'd<b.length&&(t(a,k.subarray(0,l))' "$tmp/node_modules/react-dom/cjs/react-dom-server.node.production.min.js" ||
  { echo "the production install did not apply patches/react-dom (postinstall: patch-package; ADR 067)" >&2; exit 1; }

port=${CHECK_PORT:-3199}
(cd "$tmp" && exec env -i PATH="$PATH" HOME="$tmp" NODE_ENV=production PORT="$port" HOST=127.0.0.1 \
  APP_URL="http://127.0.0.1:$port" PGLITE_DIR="$tmp/pgdata" MAILBOX_DIR="$tmp/mailbox" LOG_LEVEL=warn \
  node server.js >"$tmp/out.log" 2>&1) &
pid=$!
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$tmp/out.log" >&2; echo "server exited" >&2; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$tmp/out.log" >&2; exit 1; }
# No demo data: the demo owner cannot sign in.
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: http://127.0.0.1:$port" \
  --data-urlencode "email=dana.owner@demo.hearth.test" --data-urlencode "password=hearth-demo-2026" \
  "http://127.0.0.1:$port/login")
if [ "$status" != "400" ]; then cat "$tmp/out.log" >&2; echo "demo login answered $status (expected 400: no demo accounts in production)" >&2; exit 1; fi
echo "production install OK: started with --omit=dev, patches applied, /healthz answers, no demo accounts"
cd "$root"
