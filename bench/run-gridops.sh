#!/usr/bin/env bash
# Grid tasks benchmark: bench/run-gridops.sh [folder=bench/target/tracing-db]
# (100,000 tasks from one round's untested list, 1,000,000 open tasks, a grid worker's list;
# uses the town bench/run-tracing.sh makes)
exec "$(dirname "$0")/run.sh" GridopsBenchmark "$@"
