#!/usr/bin/env bash
# Run every test: nbdev sync checks (export/clean leave no diff) + every notebook under nbdev's test runner
# (cells flagged slow/gpu/hub are skipped; see tst_flags in settings.ini). Ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" tools/run_tests.py "$@"
