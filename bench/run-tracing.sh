#!/usr/bin/env bash
# Tracing benchmark: bench/run-tracing.sh [persons=1000000] [grids=500] [venues=100000] [folder]
# (contacts of cases over ~100,000,000 check-ins in 14 days, against a straightforward self-join)
exec "$(dirname "$0")/run.sh" TracingBenchmark "$@"
