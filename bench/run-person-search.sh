#!/usr/bin/env bash
# Person search benchmark: ./bench/run-person-search.sh [persons=1000000] [samples=400]
# Builds the platform, loads the synthetic population into an embedded PostgreSQL under
# bench/target (kept for re-runs), and prints the table that goes into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(./epigrid java-home)"
./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true -pl bench -am package dependency:build-classpath \
	-Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx4g -cp "$CP" org.epigrid.bench.PersonSearchBenchmark "$@"
