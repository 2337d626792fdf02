#!/usr/bin/env bash
# JMH benchmarks of the engines (module benchmarks/). Arguments go to JMH, e.g.:
#   bench/jmh.sh GreylistHookBenchmark -f 1 -wi 2 -i 3
# The greylist benchmark keeps its Derby databases (1,000 and 1,000,000 triplets; ~420 MB, ~2 minutes to
# populate once) in benchmarks/target/greylist-bench/ and reuses them on later runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -pl benchmarks -am install -DskipTests
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.cp)" org.openjdk.jmh.Main "$@"
