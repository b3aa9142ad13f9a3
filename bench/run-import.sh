#!/usr/bin/env bash
# Import benchmark: bench/run-import.sh [persons=1000000] [rows=1000000] [baseline rows=50000] [data folder] [runs=3]
exec "$(dirname "$0")/run.sh" ImportBenchmark "$@"
