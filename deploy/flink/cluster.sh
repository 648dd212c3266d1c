#!/usr/bin/env bash
# A real standalone Flink 1.19 session cluster on this machine, from Maven jars (no Flink download):
# one JobManager JVM and N TaskManager JVMs, all bound to 127.0.0.1.
#
#   deploy/flink/cluster.sh start  [--taskmanagers=2] [--slots=2] [--port=8081] [--rpc-port=6123]
#                                  [--tm-memory=1536m] [--jm-memory=1024m] [--dir=STATE_DIR]
#   deploy/flink/cluster.sh status [--dir=STATE_DIR]
#   deploy/flink/cluster.sh stop   [--dir=STATE_DIR]
#   deploy/flink/cluster.sh start-taskmanager [--gpu=ID] [--dir=STATE_DIR]   # one more (e.g. replace a dead one)
#
# GPU hosts: `start --gpus=0,1,2,3` starts one TaskManager per GPU with one slot each and
# CUDA_VISIBLE_DEVICES set to that GPU, so every slot trains on a GPU of its own (device gpu:0 in
# each TaskManager is its own GPU). --taskmanagers and --slots are then implied.
#
# STATE_DIR (default deploy/flink/target/cluster) holds conf/ (config.yaml, log4j.properties),
# log/ (jobmanager.log, taskmanager-N.log and their .out), pids/ (one file per JVM), rest (the
# REST address), tmp/. `stop` ends exactly the JVMs whose PIDs are recorded there, after checking
# each one's command line still names STATE_DIR (a PID can be reused after a crash).
#
# The jars come from deploy/flink/pom.xml (mvn dependency:copy-dependencies into
# deploy/flink/target/lib, resolved once); set FLINK_LIB=/path/to/lib to use another folder.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Flink's own Java 17 flags (env.java.opts.all of the Flink 1.19 distribution's config)
JAVA17_OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)
# what every lfs-beam worker needs: Avro records through AvroCoder, DJL offline and untracked
AVRO_PACKAGES="io.lfsbeam.schemas,java.lang,java.util,java.math,java.nio,org.apache.avro.util"
LFS_OPTS=(
  "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=$AVRO_PACKAGES"
  -Dai.djl.offline=true -DOPT_OUT_TRACKING=true
  "-DDJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.lfs-beam/djl}"
)

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
die() { echo "cluster.sh: $*" >&2; exit 1; }

cmd="${1:-}"; [[ -n "$cmd" ]] || usage; shift
DIR="$HERE/target/cluster"; TMS=2; SLOTS=2; PORT=8081; RPC_PORT=6123; TM_MEMORY=1536m; JM_MEMORY=1024m; GPUS=""; GPU=""
for a in "$@"; do
  case "$a" in
    --dir=*) DIR="${a#*=}" ;;
    --taskmanagers=*) TMS="${a#*=}" ;;
    --slots=*) SLOTS="${a#*=}" ;;
    --port=*) PORT="${a#*=}" ;;
    --rpc-port=*) RPC_PORT="${a#*=}" ;;
    --tm-memory=*) TM_MEMORY="${a#*=}" ;;
    --jm-memory=*) JM_MEMORY="${a#*=}" ;;
    --gpus=*) GPUS="${a#*=}" ;;
    --gpu=*) GPU="${a#*=}" ;;
    -h|--help) usage ;;
    *) die "unknown option $a" ;;
  esac
done
if [[ -n "$GPUS" ]]; then
  IFS=, read -r -a GPU_IDS <<<"$GPUS"
  TMS=${#GPU_IDS[@]}; SLOTS=1
fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
CONF="$DIR/conf"; LOGS="$DIR/log"; PIDS="$DIR/pids"
LIB="${FLINK_LIB:-$HERE/target/lib}"
FIRST="$HERE/target/lib-first"

# --- jars ---------------------------------------------------------------------------------------
resolve_lib() {
  if [[ -z "${FLINK_LIB:-}" && ( ! -f "$LIB/flink-runtime-1.19.0.jar" || "$HERE/pom.xml" -nt "$LIB" ) ]]; then
    echo "resolving the cluster's jars into $LIB (once) ..."
    rm -rf "$LIB"
    mvn -q -o -f "$HERE/pom.xml" dependency:copy-dependencies 2>/dev/null \
      || mvn -q -f "$HERE/pom.xml" dependency:copy-dependencies
    touch "$LIB"
  fi
  [[ -f "$LIB/flink-runtime-1.19.0.jar" ]] || die "no Flink jars in $LIB"
  # DJL reads native/lib/tensorflow.properties; the 2.10.1 native jar's own copy is mislabelled
  # (cu113), so the project's corrected one goes first on the class path.
  local props="$REPO/transforms/src/main/resources/native/lib/tensorflow.properties"
  if [[ -f "$props" && ( ! -f "$FIRST/lfs-tensorflow-properties.jar" || "$props" -nt "$FIRST/lfs-tensorflow-properties.jar" ) ]]; then
    mkdir -p "$FIRST"
    jar cf "$FIRST/lfs-tensorflow-properties.jar" -C "$REPO/transforms/src/main/resources" native/lib/tensorflow.properties
  fi
}

classpath() { echo "$FIRST/*:$LIB/*"; }

write_conf() {
  mkdir -p "$CONF" "$LOGS" "$PIDS" "$DIR/tmp" "$DIR/blobs" "$DIR/web" "$DIR/plugins"
  sed -e "s|__RPC_PORT__|$RPC_PORT|; s|__REST_PORT__|$PORT|; s|__JM_MEMORY__|$JM_MEMORY|; s|__TM_MEMORY__|$TM_MEMORY|" \
      -e "s|__SLOTS__|$SLOTS|g; s|__DIR__|$DIR|g" "$HERE/conf/config.yaml" > "$CONF/config.yaml"
  cp "$HERE/conf/log4j.properties" "$CONF/log4j.properties"
  echo "http://127.0.0.1:$PORT" > "$DIR/rest"
}

rest() { cat "$DIR/rest" 2>/dev/null || echo "http://127.0.0.1:$PORT"; }

# BashJavaUtils prints two result lines: JVM memory flags, then -D dynamic properties
resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  local out
  out="$("$JAVA" -cp "$(classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" 2>&1)" \
    || die "BashJavaUtils $1 failed: $out"
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# --- processes ----------------------------------------------------------------------------------
# a PID is ours only if that process still runs and its command line names this state dir
ours() {
  local pid="$1"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "-Dlfs.flink.dir=$DIR "
}

launch() { # NAME MAINCLASS JVM_FLAGS DYNAMIC_PROPS [extra args...]
  local name="$1" main="$2" jvm="$3" dyn="$4"; shift 4
  local pidfile="$PIDS/$name.pid"
  if [[ -f "$pidfile" ]] && ours "$(cat "$pidfile")"; then
    die "$name already runs (PID $(cat "$pidfile"))"
  fi
  # TF_ENABLE_ONEDNN_OPTS: TensorFlow's oneDNN CPU kernels, read once when TensorFlow loads in a
  # TaskManager; on unless the caller's environment says 0
  # shellcheck disable=SC2086  # the memory flags and -D pairs are meant to split
  FLINK_CONF_DIR="$CONF" FLINK_PLUGINS_DIR="$DIR/plugins" FLINK_LOG_DIR="$LOGS" \
    TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}" \
    nohup "$JAVA" $jvm "${JAVA17_OPENS[@]}" "${LFS_OPTS[@]}" \
      "-Dlfs.flink.dir=$DIR" "-Dlog.file=$LOGS/$name.log" \
      "-Dlog4j.configurationFile=file:$CONF/log4j.properties" \
      -cp "$(classpath)" "$main" --configDir "$CONF" $dyn "$@" \
      </dev/null >"$LOGS/$name.out" 2>&1 &
  echo $! > "$pidfile"
  echo "started $name (PID $!), log $LOGS/$name.log"
}

next_tm_index() {
  local n=0 f i
  for f in "$PIDS"/taskmanager-*.pid; do
    [[ -e "$f" ]] || continue
    i="${f##*/taskmanager-}"; i="${i%.pid}"
    (( i > n )) && n=$i
  done
  echo $((n + 1))
}

start_taskmanager() { # [GPU_ID]: the only GPU this TaskManager's TensorFlow sees
  local params jvm dyn name
  params="$(resource_params GET_TM_RESOURCE_PARAMS)"
  jvm="$(sed -n 1p <<<"$params")"; dyn="$(sed -n 2p <<<"$params")"
  name="taskmanager-$(next_tm_index)"
  if [[ -n "${1:-}" ]]; then
    echo "$1" > "$PIDS/$name.gpu"
    CUDA_VISIBLE_DEVICES="$1" launch "$name" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$jvm" "$dyn" \
      -D "taskmanager.resource-id=$name"
  else
    launch "$name" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$jvm" "$dyn" \
      -D "taskmanager.resource-id=$name"
  fi
  TM_STARTED="$name"
}

overview() { curl -sf --max-time 3 "$(rest)/overview" 2>/dev/null; }

registered_tms() { overview | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'; }

wait_for() { # SECONDS DESCRIPTION COMMAND...
  local limit="$1" what="$2"; shift 2
  local t=0
  until "$@"; do
    (( t >= limit )) && die "timed out after ${limit}s waiting for $what (see $LOGS)"
    sleep 1; t=$((t + 1))
  done
}

tm_registered() { curl -sf --max-time 3 "$(rest)/taskmanagers" 2>/dev/null | grep -q "\"id\":\"$1\""; }
tms_at_least() { local n; n="$(registered_tms)"; [[ -n "$n" && "$n" -ge "$1" ]]; }

# --- commands -----------------------------------------------------------------------------------
case "$cmd" in
  start)
    [[ -f "$PIDS/jobmanager.pid" ]] && ours "$(cat "$PIDS/jobmanager.pid")" \
      && die "a cluster already runs from $DIR (stop it first)"
    rm -f "$PIDS"/*.pid "$PIDS"/*.gpu
    resolve_lib
    write_conf
    if [[ -n "$GPUS" ]]; then echo "$GPUS" > "$CONF/gpus"; else rm -f "$CONF/gpus"; fi
    params="$(resource_params GET_JM_RESOURCE_PARAMS)"
    launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
      "$(sed -n 1p <<<"$params")" "$(sed -n 2p <<<"$params")"
    for ((i = 0; i < TMS; i++)); do start_taskmanager "${GPU_IDS[i]:-}"; done
    wait_for 90 "the REST API at $(rest)" overview >/dev/null
    wait_for 90 "$TMS TaskManagers to register" tms_at_least "$TMS"
    echo "Flink session cluster up: $TMS TaskManagers x $SLOTS slots"
    echo "REST / dashboard: $(rest)"
    echo "submit with: --runner=FlinkRunner --flinkMaster=127.0.0.1:$PORT"
    ;;
  start-taskmanager)
    [[ -f "$CONF/config.yaml" ]] || die "no cluster configured in $DIR (run start first)"
    resolve_lib
    [[ -z "$GPU" && -f "$CONF/gpus" ]] && die "this cluster runs one TaskManager per GPU: give --gpu=ID (the dead one's: $PIDS/*.gpu)"
    start_taskmanager "$GPU"
    wait_for 90 "$TM_STARTED to register" tm_registered "$TM_STARTED"
    echo "$TM_STARTED registered"
    ;;
  status)
    for f in "$PIDS"/*.pid; do
      [[ -e "$f" ]] || { echo "no JVMs recorded in $PIDS"; break; }
      pid="$(cat "$f")"; name="$(basename "$f" .pid)"
      gpu=""; [[ -f "$PIDS/$name.gpu" ]] && gpu=" (GPU $(cat "$PIDS/$name.gpu"))"
      if ours "$pid"; then echo "$name PID $pid running$gpu"; else echo "$name PID $pid not running$gpu"; fi
    done
    echo "REST $(rest)/overview: $(overview || echo 'not answering')"
    ;;
  stop)
    # TaskManagers first so the JobManager does not spend its last seconds restarting tasks
    pids=()
    for f in $(ls "$PIDS"/taskmanager-*.pid 2>/dev/null) "$PIDS/jobmanager.pid"; do
      [[ -e "$f" ]] || continue
      pid="$(cat "$f")"
      if ours "$pid"; then
        kill -TERM "$pid" && pids+=("$pid") && echo "stopping $(basename "$f" .pid) (PID $pid)"
      fi
      rm -f "$f"
    done
    for pid in "${pids[@]}"; do
      for _ in $(seq 30); do ours "$pid" || break; sleep 0.5; done
      if ours "$pid"; then echo "PID $pid did not stop in 15 s: SIGKILL"; kill -KILL "$pid" || true; fi
    done
    rm -f "$PIDS"/*.gpu
    echo "stopped (${#pids[@]} JVMs); logs stay in $LOGS"
    ;;
  *) usage ;;
esac
