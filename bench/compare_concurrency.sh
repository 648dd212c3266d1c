#!/usr/bin/env bash
# Wall time of `lfs compare` with its runs one after another (--concurrentRuns=1) and side by side
# (--concurrentRuns=0: as many as the runner's slots allow), on a small synthetic set (30 identities
# x 6 faces; softmax, cosface, arcface, search, population:best x 2 seeds; 2 rounds x 2 candidates of
# 10 steps, tiny backbone, one TensorFlow thread per candidate):
#
#   bench/compare_concurrency.sh embedded   [WORKDIR]   # the embedded MiniCluster, a slot per core
#   bench/compare_concurrency.sh cluster1   [WORKDIR]   # a local Flink cluster, 1 TaskManager x 2 slots
#   bench/compare_concurrency.sh cluster2   [WORKDIR]   # 2 TaskManagers x 2 slots
#
# Needs `mvn -o -DskipTests package` first (pipelines/target/lfs.jar and lfs-job.jar). The clusters
# are started with deploy/flink/cluster.sh on REST port 18931 under WORKDIR and stopped afterwards.
# Prints one line per compare: wall seconds and the load average at its end (a busy machine's
# figures are not evidence). Both compares of a line pair write the same records.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
J="$REPO/pipelines/target"
D="${2:-/tmp/lfs-compare-bench}"
PORT=18931
mkdir -p "$D"
if [ ! -d "$D/data" ]; then
  java -jar "$J/lfs.jar" synth --output="$D/faces" --identities=30 --imagesPerIdentity=6 --seed=21 > "$D/synth.log" 2>&1
  java -jar "$J/lfs.jar" preprocess --input="$D/faces" --landmarks="$D/faces/landmarks.txt" --output="$D/data" \
    --trainFraction=0.6 --valFraction=0.2 --testFraction=0.2 --pairsPerFold=10 --seed=3 > "$D/preprocess.log" 2>&1
fi
COMMON=(--data="$D/data" --methods=softmax,cosface,arcface,search,population:best --seeds=2 --rounds=2
        --candidates=2 --epochsPerRound=0 --stepsPerRound=10 --batchSize=16 --threads=1)
one() { # label, extra options...
  local label=$1; shift
  rm -rf "${D:?}/$label"
  local start end
  start=$(date +%s.%N)
  java -jar "$J/lfs.jar" compare --output="$D/$label" "${COMMON[@]}" "$@" > "$D/$label.log" 2>&1
  local rc=$?
  end=$(date +%s.%N)
  printf "%s\texit %d\twall %.0f s\tload %s\n" "$label" $rc "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
case "${1:-}" in
  embedded)
    one embedded-sequential --concurrentRuns=1
    one embedded-concurrent --concurrentRuns=0 ;;
  cluster1|cluster2)
    n=${1#cluster}
    "$REPO/deploy/flink/cluster.sh" start --taskmanagers="$n" --slots=2 --port=$PORT --rpc-port=$((PORT + 1)) \
      --dir="$D/flink$n" > "$D/cluster$n.log" 2>&1 || { echo "cluster start failed: $D/cluster$n.log"; exit 1; }
    F=(--runner=FlinkRunner --flinkMaster=127.0.0.1:$PORT --filesToStage="$J/lfs-job.jar")
    one "cluster$n-sequential" "${F[@]}" --concurrentRuns=1
    one "cluster$n-concurrent" "${F[@]}" --concurrentRuns=0
    "$REPO/deploy/flink/cluster.sh" stop --dir="$D/flink$n" >> "$D/cluster$n.log" 2>&1 ;;
  *) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
