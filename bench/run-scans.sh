#!/usr/bin/env bash
# Sampling-scan benchmark: bench/run-scans.sh [persons=1000000] [seconds=20] [connections=64]
# (samplers over HTTP: open a 10-in-1 tube, scan ten ID numbers into it, again)
exec "$(dirname "$0")/run.sh" ScanBenchmark "$@"
