#!/usr/bin/env bash
# Person search benchmark: bench/run-person-search.sh [persons=1000000] [samples=400]
exec "$(dirname "$0")/run.sh" PersonSearchBenchmark "$@"
