#!/usr/bin/env bash
# Inbound screening benchmark: bench/run-inbound-screening.sh [persons=1000000] [records=10000000] [runs=20] [data folder]
exec "$(dirname "$0")/run.sh" InboundScreeningBenchmark "$@"
