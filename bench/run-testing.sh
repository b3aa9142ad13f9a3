#!/usr/bin/env bash
# Testing benchmark: bench/run-testing.sh [persons=10000000] [grids=2000]
# (the untested list of a round over a city, 90 % sampled, against NOT IN / anti-join baselines)
exec "$(dirname "$0")/run.sh" TestingBenchmark "$@"
