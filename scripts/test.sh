#!/usr/bin/env bash
# `npm test`: the project's own tests. Installs the Debian packages the tests need when run as root
# on a machine that lacks them (Chromium for the HTML report test), then runs every node:test file.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages the tests need: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${need[*]} (install them with apt-get, as root)" >&2
    exit 2
  fi
fi

# The rules the code keeps, before any test: the types (including the registry's exhaustiveness
# table), the import directions ARCHITECTURE.md states (.dependency-cruiser.cjs) and the formatting. The bundles a
# run loads are rebuilt first, so the tests run the code as it is.
echo "Type check (tsc --noEmit)"
npx tsc -p tsconfig.json --noEmit
echo "Import directions (dependency-cruiser, .dependency-cruiser.cjs)"
npx depcruise src playwright.config.ts tests/conformance --config .dependency-cruiser.cjs
echo "Formatting (Prettier, .prettierrc.json: width 120)"
npx prettier --check . --log-level warn
echo "Build (dist/)"
node scripts/build.mjs

npx tsx --test --test-reporter=spec --test-concurrency=1 tests/unit/*.test.ts tests/integration/*.test.ts "$@"

# The proof on real upstream services: Debian's Keystone, Cinder API and Heat on loopback, the suite
# run against them through clouds.yaml + catalog discovery and through admin_token + overrides. It
# needs root for apt-get; elsewhere it is skipped with a note.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Running the suite against real upstream Keystone, Cinder and Heat (tests/upstream/run.sh)"
  bash tests/upstream/run.sh both
else
  echo "Skipped: the upstream proof (tests/upstream/run.sh) needs root to install Debian's OpenStack packages"
fi
