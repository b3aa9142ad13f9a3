#!/usr/bin/env bash
# Import benchmark: ./bench/run-import.sh [persons=1000000] [rows=1000000] [baseline rows=50000]
# Builds the platform, loads the synthetic population into an embedded PostgreSQL under
# bench/target/import-db (kept for re-runs), writes a rail-arrivals CSV, imports it through the
# platform started in-process, then the first rows row by row (the baseline), and prints the
# table that goes into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(./epigrid java-home)"
./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true -pl bench -am package dependency:build-classpath \
	-Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx4g -cp "$CP" org.epigrid.bench.ImportBenchmark "$@"
