#!/usr/bin/env bash
# Submits an lfs-beam pipeline to a running Flink 1.19 session cluster (this machine's
# deploy/flink/cluster.sh, a standalone cluster elsewhere, or one made by the Flink Kubernetes
# Operator) with Beam's FlinkRunner: the command runs here, builds the pipeline and ships
# pipelines/target/lfs-job.jar to the cluster, then waits and prints the result.
#
#   deploy/flink/submit.sh <preprocess|search|compare|...> --flinkMaster=HOST:PORT [--parallelism=N] [options]
#
# Any `lfs` command and option works (java -jar pipelines/target/lfs.jar <command> --help lists them).
# Paths (--input, --data, --output, ...) are read and written by the TaskManagers: on a real
# cluster they must be on storage every worker sees (a shared mount), under the same path.
# Environment: JAVA_OPTS (client JVM flags, e.g. -Xmx4g), LFS_JOB_JAR (another job jar).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CLI="$REPO/pipelines/target/lfs.jar"
JOB_JAR="${LFS_JOB_JAR:-$REPO/pipelines/target/lfs-job.jar}"

if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
command="$1"; shift

master=""; has_parallelism=false
for a in "$@"; do
  case "$a" in
    --flinkMaster=*) master="${a#*=}" ;;
    --parallelism=*) has_parallelism=true ;;
    --runner=*|--filesToStage=*) echo "submit.sh: ${a%%=*} is set by submit.sh (FlinkRunner, the job jar)" >&2; exit 2 ;;
  esac
done
[[ -n "$master" ]] || { echo "submit.sh: --flinkMaster=HOST:PORT is required (the cluster's REST address)" >&2; exit 2; }
for f in "$CLI" "$JOB_JAR"; do
  [[ -f "$f" ]] || { echo "submit.sh: $f is missing: run 'mvn -o package -DskipTests' first" >&2; exit 1; }
done

extra=()
if ! $has_parallelism; then
  # default: every slot of the cluster (so a replacement TaskManager can take over a lost one's share)
  slots="$(curl -sf --max-time 5 "http://$master/overview" | sed -n 's/.*"slots-total":\([0-9]*\).*/\1/p' || true)"
  [[ -n "$slots" && "$slots" -gt 0 ]] && extra+=("--parallelism=$slots")
fi

AVRO_PACKAGES="io.lfsbeam.schemas,java.lang,java.util,java.math,java.nio,org.apache.avro.util"
# shellcheck disable=SC2086  # JAVA_OPTS holds several flags
exec "$JAVA" ${JAVA_OPTS:-} "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=$AVRO_PACKAGES" -Dai.djl.offline=true \
  -jar "$CLI" "$command" --runner=FlinkRunner --filesToStage="$JOB_JAR" "${extra[@]}" "$@"
