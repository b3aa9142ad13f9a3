#!/usr/bin/env bash
# Lab results into the codes: bench/run-results.sh [folder=bench/target/testing-db]
# (after bench/run-testing.sh: every tube of its 10,000,000-person round, 10 in 1)
exec "$(dirname "$0")/run.sh" ResultsBenchmark "$@"
