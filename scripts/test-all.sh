#!/usr/bin/env bash
# The whole test suite, in order: static checks, unit tests, then integration
# and browser tests against the real sandbox cluster, then the lifecycle test
# that tears the sandbox down. Prints one closing line with the totals.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh || exit 1

results=$(mktemp -d)
status=0
step() {
  local name=$1
  shift
  echo "== $name"
  if ! "$@"; then
    echo "== $name FAILED"
    status=1
  fi
}
vitest_project() {
  local name=$1
  shift
  npx vitest run --reporter=default --reporter=json --outputFile.json="$results/$name.json" "$@"
}

step typecheck npx tsc -p tsconfig.json --noEmit
step lint npx eslint .
step layers npx depcruise src-main --config .dependency-cruiser.cjs
step unit vitest_project unit --project unit
step openssh vitest_project openssh --project openssh
step build npm run --silent build:renderer
step integration vitest_project integration --project integration
step e2e vitest_project e2e --project e2e
step lifecycle vitest_project lifecycle --project lifecycle

node -e '
const fs = require("fs"), path = require("path");
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync(process.argv[1])) {
  const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results"
rm -rf "$results"
exit $status
