#!/usr/bin/env bash
# Identity-resolution quality on records with known truth: ./bench/run-identity-quality.sh [records=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(./epigrid java-home)"
./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true -pl bench -am package dependency:build-classpath \
	-Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$CP" org.epigrid.bench.IdentityQualityBenchmark "$@"
