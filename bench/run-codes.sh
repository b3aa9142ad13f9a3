#!/usr/bin/env bash
# Health-code benchmarks: bench/run-codes.sh [persons=1000000] [seconds=20] [connections=64] [parts=recompute,verify,ingest,pipeline,baseline]
# (bulk recompute, verification over HTTP vs a from-the-database baseline, check-in ingest)
exec "$(dirname "$0")/run.sh" CodesBenchmark "$@"
