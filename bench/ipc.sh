#!/usr/bin/env bash
# IPC transports benchmark: for each transport of examples/ch6_ipc, the round-trip latency
# (median, p99) and one-way streaming rate between two processes pinned to two cores, and the
# CPU that a consumer waiting on an empty channel uses. Prints a markdown table.
#
# Env: IPC (default build/bin/ipc under the repo), MESSAGES timed round trips (20000), STREAM
# messages streamed one way (200000), SIZE bytes per message (64), RUNS per row (3; the table
# shows the median of each column), CORES (the two CPUs: client, server; "0 1"), IDLE_SECONDS
# (1), ROWS (below), BERTH (default build/bin/berth, for the container rows).
# Results: bench/results/ipc.md (the table), bench/results/ipc.jsonl (one JSON line per run).
#
# A run is `ipc --bench-pong` (server) and `ipc --bench-ping` (client) started through a
# launcher (see measure_pair), so the same pair can run as two host processes or, later, as
# two containers sharing one IPC namespace.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IPC=${IPC:-build/bin/ipc}
[[ $IPC == /* ]] || IPC=$repo/$IPC
BERTH=${BERTH:-build/bin/berth}
[[ $BERTH == /* ]] || BERTH=$repo/$BERTH
MESSAGES=${MESSAGES:-20000}
STREAM=${STREAM:-200000}
SIZE=${SIZE:-64}
RUNS=${RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-1}
read -r CPU_CLIENT CPU_SERVER <<<"${CORES:-0 1}"
results=$repo/bench/results

# Rows: transport and --spin. The "0" rows sleep at once, so every wait pays for a wake-up.
# ROWS in the environment replaces them: "posix-shm 0;mqueue 50us".
if [[ -n ${ROWS:-} ]]; then
  IFS=';' read -r -a ROWS <<<"$ROWS"
else
  ROWS=("spin-floor 50us" "posix-shm 50us" "posix-shm 0" "sysv-shm 50us" "sysv-shm 0"
    "sysv-msg 50us" "mqueue 50us")
fi

die() {
  echo "bench: $*" >&2
  exit 1
}
[[ -x $IPC ]] || die "ipc not found at $IPC (cmake --build build --target ipc)"
command -v taskset >/dev/null || die "taskset not found (util-linux)"

work=$(mktemp -d /tmp/berth-bench-ipc.XXXXXX)
ours=" " # pids this script started and has not reaped yet

# forget PID: it has been reaped; its number may be reused, so never signal it again.
forget() { ours=${ours/ $1 / }; }

cleanup() {
  local rc=$? pid
  set +e
  trap - EXIT INT TERM
  # SIGTERM: ipc servers and producers remove their objects on the way out.
  for pid in $ours; do kill -TERM "$pid" 2>/dev/null; done
  for pid in $ours; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop PID...: SIGTERM, then reap.
stop() {
  local pid
  for pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid; do
    wait "$pid" 2>/dev/null || true
    forget "$pid"
  done
}

# field NAME < JSON lines: a number from each of ipc's flat one-line JSON objects.
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }

# median: of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# wait_line FILE PREFIX: until FILE has a line starting with PREFIX (5 s at most).
wait_line() {
  local i
  for ((i = 0; i < 100; i++)); do
    grep -q "^$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  die "no '$2' in $1: $(cat "$1")"
}

# oncpu_ns PID: CPU time PID has used, in ns (/proc/PID/schedstat; else utime+stime ticks).
oncpu_ns() {
  local stat
  if [[ -r /proc/$1/schedstat ]]; then
    awk '{ print $1 }' "/proc/$1/schedstat"
  else
    read -r stat <"/proc/$1/stat"
    stat=${stat##*) }
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f\n", ($12 + $13) * 1e9 / hz }' <<<"$stat"
  fi
}

# ---------------------------------------------------------------------------------------------
# Launchers: LAUNCHER server|client CPU IPC-ARGS... runs `ipc IPC-ARGS` in the foreground,
# pinned to CPU. It is always called in a subshell (`&` or `$(...)`), so it may exec.

host_launcher() {
  local cpu=$2
  shift 2
  exec taskset -c "$cpu" "$IPC" "$@"
}

# measure_pair LAUNCHER TRANSPORT SPIN: one server/client run; prints the client's JSON line.
measure_pair() {
  local launch=$1 transport=$2 spin=$3 server json
  "$launch" server "$CPU_SERVER" --bench-pong --transport "$transport" --spin "$spin" &
  server=$!
  ours+="$server "
  json=$("$launch" client "$CPU_CLIENT" --bench-ping --transport "$transport" --spin "$spin" \
    --messages "$MESSAGES" --stream "$STREAM" --size "$SIZE") || die "$transport: the client failed"
  wait "$server" || die "$transport: the server failed"
  forget "$server"
  echo "$json"
}

# idle_cpu TRANSPORT SPIN: sets IDLE to the µs of CPU per second that a consumer waiting on an
# empty channel uses (host processes). spin-floor has no consumer role: its server, waiting
# for a client, stands in.
idle_cpu() {
  local transport=$1 spin=$2 producer="" waiter before after
  if [[ $transport == spin-floor ]]; then
    taskset -c "$CPU_SERVER" "$IPC" --bench-pong --transport spin-floor &
    waiter=$!
    ours+="$waiter "
    sleep 0.2
  else
    taskset -c "$CPU_SERVER" "$IPC" -producer --transport "$transport" --interval 1h \
      >"$work/producer.out" &
    producer=$!
    ours+="$producer "
    wait_line "$work/producer.out" Produced
    taskset -c "$CPU_CLIENT" "$IPC" -consumer --transport "$transport" --spin "$spin" \
      >"$work/consumer.out" &
    waiter=$!
    ours+="$waiter "
    wait_line "$work/consumer.out" Consumed
  fi
  before=$(oncpu_ns "$waiter")
  sleep "$IDLE_SECONDS"
  after=$(oncpu_ns "$waiter")
  stop $producer "$waiter"
  IDLE=$(((after - before) / 1000 / IDLE_SECONDS))
}

# table LAUNCHER TITLE: every row, RUNS times, through LAUNCHER; prints a markdown table.
# Called without a pipe or $(...) around it, so cleanup knows every process it starts.
table() {
  local launch=$1 title=$2 row transport spin run
  echo "### $title"
  echo
  echo "| transport | spin | RTT median (µs) | RTT p99 (µs) | one-way msgs/s | idle consumer CPU (µs/s) |"
  echo "|:---|---:|---:|---:|---:|---:|"
  for row in "${ROWS[@]}"; do
    read -r transport spin <<<"$row"
    : >"$work/runs"
    for ((run = 1; run <= RUNS; run++)); do
      echo "bench: ${launch%_launcher} $transport (spin $spin) run $run/$RUNS" >&2
      measure_pair "$launch" "$transport" "$spin" >"$work/run.json"
      cat "$work/run.json" >>"$work/runs"
      sed "s/^{/{\"launcher\":\"${launch%_launcher}\",\"spin\":\"$spin\",/" "$work/run.json" \
        >>"$results/ipc.jsonl"
    done
    IDLE="—"
    if [[ $launch == host_launcher ]]; then idle_cpu "$transport" "$spin"; fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$transport" "$spin" \
      "$(field rtt_median_us <"$work/runs" | median)" \
      "$(field rtt_p99_us <"$work/runs" | median)" \
      "$(field msgs_per_s <"$work/runs" | median)" "$IDLE"
  done
  echo
}

mkdir -p "$results"
: >"$results/ipc.jsonl"
{
  echo "ipc benchmark: $MESSAGES round trips and $STREAM streamed messages of $SIZE bytes," \
    "median of $RUNS runs; client on CPU $CPU_CLIENT, server on CPU $CPU_SERVER;" \
    "$(nproc) CPUs, $(uname -r)."
  echo "spin-floor's RTT is the bare cache-line round trip (no payload); its msgs/s is the ring"
  echo "busy-polling."
  echo
} >"$results/ipc.md"
table host_launcher "Two host processes" >>"$results/ipc.md"

# ---------------------------------------------------------------------------------------------
# In containers: the same pair as two containers sharing one IPC namespace, the server's
# container "shareable" and the client's joining it with --ipc container:<server>. It runs only
# once build/bin/berth exists (the engine is not written yet); until then it is skipped.
# Not yet run against berth: the flags follow docker run and may need adjusting then.

berth_server=ch6-bench-pong

berth_launcher() {
  local role=$1 cpu=$2 i
  shift 2
  if [[ $role == server ]]; then
    exec taskset -c "$cpu" "$BERTH" run --rm --name "$berth_server" --ipc shareable ch6_ipc "$@"
  fi
  for ((i = 0; i < 100; i++)); do
    [[ $("$BERTH" inspect -f '{{.State.Running}}' "$berth_server" 2>/dev/null) == true ]] && break
    sleep 0.05
  done
  exec taskset -c "$cpu" "$BERTH" run --rm --ipc "container:$berth_server" ch6_ipc "$@"
}

if command -v "$BERTH" >/dev/null 2>&1; then
  context=$work/context
  mkdir -p "$context"
  cp "$IPC" "$repo"/examples/ch6_ipc/{Dockerfile,passwd,group,.dockerignore} "$context/"
  "$BERTH" build -t ch6_ipc "$context" >/dev/null
  table berth_launcher "Two berth containers, --ipc container:" >>"$results/ipc.md"
else
  echo "(berth not found at $BERTH: container rows skipped)" >>"$results/ipc.md"
fi
cat "$results/ipc.md"
