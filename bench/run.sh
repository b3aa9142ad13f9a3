#!/usr/bin/env bash
# Runs one benchmark class of bench/ with a JDK >= 21: bench/run.sh <Class> [args…]
# (bench/run-person-search.sh, run-import.sh and run-identity-quality.sh call it).
set -euo pipefail
cd "$(dirname "$0")/.."
CLASS="$1"
shift
export JAVA_HOME="$(./epigrid java-home)"
./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true -pl bench -am package dependency:build-classpath \
	-Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx4g ${BENCH_JAVA_OPTS:-} -cp "$CP" "org.epigrid.bench.$CLASS" "$@"
