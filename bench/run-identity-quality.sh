#!/usr/bin/env bash
# Identity-resolution quality on records with known truth: bench/run-identity-quality.sh [records=20000]
exec "$(dirname "$0")/run.sh" IdentityQualityBenchmark "$@"
