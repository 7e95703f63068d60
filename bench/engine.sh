#!/usr/bin/env bash
# Engine benchmark: berth against podman (with runc, and with crun where it runs) and docker
# (Debian's docker.io, started here with its own data root and socket), on one busybox-static
# image imported into each engine's private storage, in one run:
#   1. run --rm IMG true                      (hyperfine)
#   2. run -d IMG sleep 1000 alone, rm -f alone (hyperfine, --prepare makes/removes the other half)
#   3. 50 detached sleep containers started one by one, then one `rm -f` of all 50 (wall time)
#   4. idle memory of one container's monitor: berth-monitor, podman's conmon,
#      docker's containerd-shim (RSS, PSS and USS from /proc/PID/smaps_rollup)
#
# Env: BERTH (default build/bin/berth under the repo), PODMAN, RUNC, CRUN, DOCKERD, DOCKER (default:
# the client shipped beside dockerd, /usr/bin/docker on Debian), BUSYBOX (/bin/busybox, static),
# RUNS (30), WARMUP (3), BATCH (50), BATCH_REPEAT (3), RESULTS (bench/results), ENGINES (default "berth podman-runc
# podman-crun docker"; drop one to skip it).
# Results: bench/results/engine-<date>.{md,json} (summary) and engine-<date>-<scenario>.{md,json}
# (hyperfine's own exports). Needs root. Not a test: run it by hand (`bench/engine.sh`).
#
# crun 1.x refuses a hybrid cgroup host (v1 controllers + cgroup2 at /sys/fs/cgroup/unified).
# As in bench/runtime.sh, podman with crun then runs in a private mount namespace without the
# unified mount, held by one `unshare -m` process and entered per command with `nsenter -t
# HOLDER -m` (its cost is measured alone in scenario 1: a few ms against hundreds).
#
# podman's `rm -f` first sends the stop signal and waits the stop timeout (10 s: a `sleep` as
# pid 1 ignores SIGTERM) before SIGKILL; docker's and berth's `rm -f` send SIGKILL at once. So
# podman is measured with `rm -f -t 0`, its equivalent of theirs.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BERTH=${BERTH:-build/bin/berth}
[[ $BERTH == /* ]] || BERTH=$repo/$BERTH
PODMAN=${PODMAN:-$(command -v podman || true)}
RUNC=${RUNC:-$(command -v runc || true)}
CRUN=${CRUN:-$(command -v crun || true)}
DOCKERD=${DOCKERD:-$(command -v dockerd || true)}
if [[ -z ${DOCKER:-} ]]; then
  # The client from dockerd's own package (a newer docker CLI may sit earlier in PATH).
  if [[ -n $DOCKERD && -x $(dirname "$(dirname "$DOCKERD")")/bin/docker ]]; then
    DOCKER=$(dirname "$(dirname "$DOCKERD")")/bin/docker
  else
    DOCKER=$(command -v docker || true)
  fi
fi
BUSYBOX=${BUSYBOX:-/bin/busybox}
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
BATCH=${BATCH:-50}
BATCH_REPEAT=${BATCH_REPEAT:-3}
ENGINES=${ENGINES:-berth podman-runc podman-crun docker}
results=${RESULTS:-$repo/bench/results}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
out=$results/engine-$stamp

die() { echo "bench: $*" >&2; exit 1; }
warn() { echo "bench: $*" >&2; }
[[ $(id -u) == 0 ]] || die "needs root"
command -v hyperfine >/dev/null || die "hyperfine not found (Debian: apt-get install hyperfine)"
command -v jq >/dev/null || die "jq not found (Debian: apt-get install jq)"
[[ -x $BERTH ]] || die "berth not found at $BERTH (build it first: make build)"
[[ -x $BUSYBOX ]] || die "busybox not found at $BUSYBOX (Debian: busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then die "$BUSYBOX is dynamically linked; need busybox-static"; fi

want() { [[ " $ENGINES " == *" $1 "* ]]; }
have=()                               # engines that will be measured, in table order
unavailable=()                        # "engine: why"
skip() { unavailable+=("$1: $2"); warn "$1 not measured: $2"; }

work=$(mktemp -d /tmp/berth-engine.XXXXXX)
tag="bbench$$"                        # cgroup parents and container names start with this
cgroot=/sys/fs/cgroup
holder=""                             # pid of the mount-namespace holder (hybrid hosts)
dockerd_pid=""
made_run_docker=0 made_run_containerd=0 made_key_json=0
[[ -e /run/docker ]] || made_run_docker=1
[[ -e /run/containerd ]] || made_run_containerd=1
[[ -e /etc/docker/key.json ]] || made_key_json=1

declare -A ENG OPTS IMG LABEL RMF   # RMF: the engine's "remove, killing if running" command
LABEL=([berth]="berth" [podman-runc]="podman (runc)" [podman-crun]="podman (crun)"
  [docker]="docker")

# e KEY ARGS...: run an engine's command line (paths in $work have no spaces: word-split on purpose).
e() { local k=$1; shift; ${ENG[$k]} "$@"; }

# --- cleanup: runs on any exit, so a failed run leaks nothing -----------------------------
kill_cgroup_tasks() {
  local dir=$1 pid
  [[ -r $dir/cgroup.procs ]] || return 0
  while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$dir/cgroup.procs"
}

# Pids of the processes whose command line names the work dir (monitors, conmon, shims,
# dockerd, containerd): all started by this run.
our_pids() {
  local f pid
  for f in /proc/[0-9]*/cmdline; do
    pid=${f#/proc/}
    pid=${pid%/cmdline}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    tr '\0' ' ' 2>/dev/null <"$f" | grep -qF -- "$work" && echo "$pid"
  done
  return 0
}

cleanup() {
  local rc=$? k ids dir pid i
  set +e
  trap - EXIT INT TERM
  echo "== cleanup"
  for k in "${have[@]}"; do
    case $k in
      berth | docker)
        ids=$(e "$k" ps -aq 2>/dev/null)
        [[ -n $ids ]] && e "$k" rm -f $ids >/dev/null 2>&1 ;;
      podman-*) e "$k" rm --all --force --time 0 >/dev/null 2>&1 ;;
    esac
  done
  if [[ -n $dockerd_pid ]]; then
    kill -TERM "$dockerd_pid" 2>/dev/null
    for ((i = 0; i < 300; i++)); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$dockerd_pid" 2>/dev/null
    wait "$dockerd_pid" 2>/dev/null
  fi
  if [[ -n $holder ]]; then kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; fi
  for pid in $(our_pids); do kill -KILL "$pid" 2>/dev/null; done
  # Cgroups under our parents (containers, conmon), deepest first, after killing their tasks.
  while read -r dir; do
    kill_cgroup_tasks "$dir"
    rmdir "$dir" 2>/dev/null || { sleep 0.2; kill_cgroup_tasks "$dir"; rmdir "$dir" 2>/dev/null; } ||
      warn "could not remove cgroup $dir"
  done < <(find "$cgroot" -mindepth 2 -maxdepth 8 -depth -type d -path "*/$tag-*" 2>/dev/null)
  # Mounts under the work dir (overlays, nsfs pins, docker's netns), deepest first.
  awk -v w="$work" '$5 == w || index($5, w "/") == 1 {print $5}' /proc/self/mountinfo | sort -r |
    while read -r dir; do umount -l "$dir" 2>/dev/null || warn "could not unmount $dir"; done
  ((made_run_docker)) && { rmdir /run/docker/plugins /run/docker 2>/dev/null; }
  ((made_run_containerd)) && { rmdir /run/containerd/s /run/containerd/runc/moby \
    /run/containerd/runc /run/containerd 2>/dev/null; }
  ((made_key_json)) && rm -f /etc/docker/key.json
  if awk -v w="$work" '$5 == w || index($5, w "/") == 1 {f = 1} END {exit !f}' /proc/self/mountinfo; then
    warn "mounts remain under $work; not removing it"
  else
    rm -rf --one-file-system "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

hybrid() { mountpoint -q "$cgroot/unified" 2>/dev/null; }

# A private copy of berth, so that a rebuild during the run does not change what is measured.
berth_src=$BERTH
mkdir -p "$work/bin"
cp "$berth_src" "$work/bin/berth"
# berth starts detached containers' monitors from the berth-monitor beside it.
if [ -x "$(dirname "$berth_src")/berth-monitor" ]; then cp "$(dirname "$berth_src")/berth-monitor" "$work/bin/"; fi
BERTH=$work/bin/berth

# --- image: busybox-static with sh, true and sleep ------------------------------------------
mkdir -p "$work/rootfs/bin"
cp "$BUSYBOX" "$work/rootfs/bin/busybox"
for applet in sh true sleep; do ln -s busybox "$work/rootfs/bin/$applet"; done
tar -C "$work/rootfs" -cf "$work/image.tar" .

# podman asks for RLIMIT_NOFILE 1048576 and a large NPROC, above this machine's hard limits.
nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
[[ $nofile == unlimited || $nofile -gt 10000 ]] && nofile=10000
[[ $nproc == unlimited || $nproc -gt 4096 ]] && nproc=4096

# --- engines ----------------------------------------------------------------------------
if want berth; then
  ENG[berth]="$BERTH --root $work/berth/root --runroot $work/berth/runroot --cgroup-parent /$tag-berth"
  OPTS[berth]=""
  RMF[berth]="rm -f"
  IMG[berth]=bench/bb
  e berth import "$work/image.tar" bench/bb:latest >/dev/null
  have+=(berth)
fi

podman_cmd() {  # podman_cmd DIR RUNTIME
  echo "$PODMAN --root $1/root --runroot $1/runroot --tmpdir $1/tmp --storage-driver overlay" \
    "--cgroup-manager cgroupfs --events-backend file --runtime $2"
}
podman_opts="--network none --cgroup-parent /$tag-podman --ulimit nofile=$nofile:$nofile --ulimit nproc=$nproc:$nproc"

if want podman-runc; then
  if [[ -z $PODMAN ]]; then skip podman-runc "podman not installed (Debian: podman)"
  elif [[ ! -x $RUNC ]]; then skip podman-runc "runc not installed (Debian: runc)"
  else
    ENG[podman-runc]=$(podman_cmd "$work/podman-runc" "$RUNC")
    OPTS[podman-runc]=$podman_opts
    RMF[podman-runc]="rm -f -t 0"
    IMG[podman-runc]=localhost/bench/bb
    e podman-runc import "$work/image.tar" localhost/bench/bb:latest >/dev/null 2>&1 ||
      die "podman import failed"
    have+=(podman-runc)
  fi
fi

wrapper=""
if want podman-crun; then
  if [[ -z $PODMAN ]]; then skip podman-crun "podman not installed (Debian: podman)"
  elif [[ ! -x $CRUN ]]; then skip podman-crun "crun not installed (Debian: crun)"
  else
    if hybrid; then
      unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified && exec sleep infinity' &
      holder=$!
      for _ in $(seq 100); do
        nsenter -t "$holder" -m sh -c '! mountpoint -q /sys/fs/cgroup/unified' 2>/dev/null && break
        sleep 0.05
      done
      if nsenter -t "$holder" -m sh -c '! mountpoint -q /sys/fs/cgroup/unified' 2>/dev/null; then
        wrapper="nsenter -t $holder -m"
      else
        skip podman-crun "hybrid cgroups and no mount namespace without /sys/fs/cgroup/unified"
      fi
    fi
    if [[ -z $holder || -n $wrapper ]]; then
      ENG[podman-crun]="${wrapper:+$wrapper }$(podman_cmd "$work/podman-crun" "$CRUN")"
      OPTS[podman-crun]=$podman_opts
      RMF[podman-crun]="rm -f -t 0"
      IMG[podman-crun]=localhost/bench/bb
      e podman-crun import "$work/image.tar" localhost/bench/bb:latest >/dev/null 2>&1 ||
        die "podman (crun) import failed"
      if e podman-crun run --rm ${OPTS[podman-crun]} localhost/bench/bb true >"$work/crun.err" 2>&1
      then
        have+=(podman-crun)
        if [[ -n $wrapper ]]; then LABEL[podman-crun]="podman (crun, nsenter)"; fi
      else
        skip podman-crun "podman --runtime crun fails here: $(head -c 300 "$work/crun.err")"
      fi
    fi
  fi
fi

if want docker; then
  if [[ -z $DOCKERD ]]; then
    skip docker "dockerd not installed (Debian: docker.io, which 'scripts/install-deps bench' installs)"
  elif [[ -z $DOCKER ]]; then
    skip docker "docker client not found"
  else
    d=$work/docker
    mkdir -p "$d"
    "$DOCKERD" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
      -H "unix://$d/docker.sock" --iptables=false --ip6tables=false --bridge=none \
      --ip-forward=false --ip-masq=false --cgroup-parent "/$tag-docker" \
      </dev/null >"$d/dockerd.log" 2>&1 &
    dockerd_pid=$!
    ENG[docker]="$DOCKER -H unix://$d/docker.sock"
    OPTS[docker]="--network none"
    RMF[docker]="rm -f"
    IMG[docker]=bench/bb
    for ((i = 0; i < 120; i++)); do
      e docker version >/dev/null 2>&1 && break
      kill -0 "$dockerd_pid" 2>/dev/null || break
      sleep 0.5
    done
    if e docker version >/dev/null 2>&1; then
      e docker import "$work/image.tar" bench/bb:latest >/dev/null || die "docker import failed"
      have+=(docker)
    else
      skip docker "dockerd did not start: $(tail -3 "$d/dockerd.log")"
    fi
  fi
fi
((${#have[@]} > 0)) || die "no engine to measure"
want berth || warn "berth not measured (ENGINES): no ratios"

# --- versions and machine ----------------------------------------------------------------
{
  echo "date: $stamp"
  echo "kernel: $(uname -r); cpus: $(nproc); cgroups: $(hybrid && echo hybrid || stat -fc %T "$cgroot")"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "berth: $berth_src ($("$BERTH" --version 2>&1 | head -1); $(stat -c %s "$BERTH") bytes," \
    "built $(date -u -r "$berth_src" +%FT%TZ), sha256 $(sha256sum "$BERTH" | cut -c1-12))"
  [[ -n $PODMAN ]] && echo "podman: $("$PODMAN" --version)"
  [[ -x $RUNC ]] && echo "runc: $("$RUNC" --version | head -1)"
  [[ -x $CRUN ]] && echo "crun: $("$CRUN" --version | head -1)"
  command -v conmon >/dev/null && echo "conmon: $(conmon --version | head -1)"
  [[ " ${have[*]} " == *" docker "* ]] &&
    echo "docker: $(e docker version --format 'client {{.Client.Version}}, engine {{.Server.Version}}')" &&
    echo "containerd: $(containerd --version 2>/dev/null | head -1)"
  echo "hyperfine: $(hyperfine --version)"
} | tee "$work/versions.txt"

mkdir -p "$results"
stats=$work/stats.tsv                # scenario \t engine \t mean_s \t stddev_s
: >"$stats"

# hyperfine_export SCENARIO: append each result of $out-SCENARIO.json to the stats.
hyperfine_export() {
  local k
  for k in "${have[@]}"; do
    jq -r --arg n "${LABEL[$k]}" --arg s "$1" --arg k "$k" \
      '.results[] | select(.command == $n) | [$s, $k, .mean, .stddev] | @tsv' \
      "$out-$1.json" >>"$stats"
  done
}

# --- 1. run --rm IMG true ----------------------------------------------------------------
args=()
for k in "${have[@]}"; do
  args+=(-n "${LABEL[$k]}" "${ENG[$k]} run --rm ${OPTS[$k]} ${IMG[$k]} true")
done
if [[ -n $wrapper ]]; then args+=(-n "nsenter alone" "$wrapper true"); fi
echo "== 1. run --rm IMG true"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$out-run.json" --export-markdown "$out-run.md" "${args[@]}"
hyperfine_export run
nsenter_note=""
if [[ -n $wrapper ]]; then
  nsenter_note=$(jq -r '.results[] | select(.command == "nsenter alone") |
    "podman (crun) runs through `nsenter -t HOLDER -m`, which alone (exec of true) takes \(.mean * 1000 * 10 | round / 10) ± \((.stddev // 0) * 1000 * 10 | round / 10) ms."' "$out-run.json")
fi

# --- 2. run -d alone, rm -f alone ---------------------------------------------------------
args=()
for k in "${have[@]}"; do
  rmcmd="${ENG[$k]} ${RMF[$k]} $tag-d >/dev/null 2>&1; true"
  args+=(--prepare "sh -c '$rmcmd'" -n "${LABEL[$k]}"
    "${ENG[$k]} run -d --name $tag-d ${OPTS[$k]} ${IMG[$k]} sleep 1000")
done
echo "== 2a. run -d IMG sleep 1000 (the previous one removed by --prepare)"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$out-rund.json" --export-markdown "$out-rund.md" "${args[@]}"
for k in "${have[@]}"; do e "$k" ${RMF[$k]} "$tag-d" >/dev/null 2>&1 || true; done
hyperfine_export rund

args=()
for k in "${have[@]}"; do
  mkcmd="${ENG[$k]} run -d --name $tag-r ${OPTS[$k]} ${IMG[$k]} sleep 1000 >/dev/null"
  args+=(--prepare "sh -c '$mkcmd'" -n "${LABEL[$k]}" "${ENG[$k]} ${RMF[$k]} $tag-r")
done
echo "== 2b. rm -f of one running container (made by --prepare)"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
  --export-json "$out-rm.json" --export-markdown "$out-rm.md" "${args[@]}"
hyperfine_export rm

# --- 3. BATCH detached containers one by one, then one rm -f of them all -----------------
now() { echo "${EPOCHREALTIME/[.,]/}"; }   # microseconds
echo "== 3. $BATCH x run -d, then one rm -f of all $BATCH ($BATCH_REPEAT times each)"
batch_tsv=$work/batch.tsv
: >"$batch_tsv"
for k in "${have[@]}"; do
  for ((r = 1; r <= BATCH_REPEAT; r++)); do
    ids=()
    t0=$(now)
    for ((i = 0; i < BATCH; i++)); do
      ids+=("$(e "$k" run -d ${OPTS[$k]} ${IMG[$k]} sleep 1000)")
    done
    t1=$(now)
    e "$k" ${RMF[$k]} "${ids[@]}" >/dev/null
    t2=$(now)
    left=$(e "$k" ps -aq | wc -l)
    ((left == 0)) || die "$k: $left containers left after rm -f of $BATCH"
    printf '%s\t%s\t%s\n' "$k" "$(((t1 - t0) / 1000))" "$(((t2 - t1) / 1000))" >>"$batch_tsv"
    printf '  %-24s start %s: %6d ms   rm -f %s: %6d ms\n' "${LABEL[$k]}" "$BATCH" \
      "$(((t1 - t0) / 1000))" "$BATCH" "$(((t2 - t1) / 1000))"
  done
done
# mean and sample stddev (seconds) per engine, as scenarios batch-run and batch-rm
awk -F'\t' '
  { n[$1]++; a[$1] += $2; a2[$1] += $2 * $2; b[$1] += $3; b2[$1] += $3 * $3 }
  function sd(s, s2, c) { return c > 1 ? sqrt((s2 - s * s / c) / (c - 1)) : 0 }
  END { for (k in n) {
    printf "batch-run\t%s\t%.6f\t%.6f\n", k, a[k] / n[k] / 1000, sd(a[k], a2[k], n[k]) / 1000
    printf "batch-rm\t%s\t%.6f\t%.6f\n", k, b[k] / n[k] / 1000, sd(b[k], b2[k], n[k]) / 1000 } }
' "$batch_tsv" >>"$stats"

# --- 4. idle memory of one monitor --------------------------------------------------------
echo "== 4. idle monitor memory (one sleeping container per engine, alone)"
mem_tsv=$work/mem.tsv                # engine \t process \t pid \t rss_kb \t pss_kb \t uss_kb
: >"$mem_tsv"
for k in "${have[@]}"; do
  id=$(e "$k" run -d ${OPTS[$k]} ${IMG[$k]} sleep 1000)
  sleep 3                            # let start-up garbage settle
  pid=$(e "$k" inspect --format '{{.State.Pid}}' "$id")
  mon=$(awk '/^PPid:/ {print $2}' "/proc/$pid/status")
  cmd=$(tr '\0' ' ' <"/proc/$mon/cmdline")
  case $k in
    berth) want_cmd=berth-monitor ;; podman-*) want_cmd=conmon ;; docker) want_cmd=containerd-shim ;;
  esac
  [[ $cmd == *"$want_cmd"* ]] || die "$k: parent of the container's init ($mon) is not $want_cmd: $cmd"
  read -r rss pss uss < <(awk '/^Rss:/ {r = $2} /^Pss:/ {p = $2} /^Private_(Clean|Dirty):/ {u += $2}
    END {print r, p, u}' "/proc/$mon/smaps_rollup")
  proc=$(basename "$(tr '\0' '\n' <"/proc/$mon/cmdline" | head -1)")
  [[ $k == berth ]] && proc=berth-monitor
  # A monitor that runs from a memfd copy of its binary holds all of that copy in shmem, mapped
  # or not: RSS and PSS count only the mapped pages that were touched.
  memfd=0
  if [[ $(readlink "/proc/$mon/exe") == /memfd:* ]]; then memfd=$(($(stat -L -c %s "/proc/$mon/exe") / 1024)); fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$proc" "$mon" "$rss" "$pss" "$uss" "$memfd" >>"$mem_tsv"
  printf '  %-24s %-28s pid %-7s RSS %6d KiB  PSS %6d KiB  USS %6d KiB  memfd exe %6d KiB\n' \
    "${LABEL[$k]}" "$proc" "$mon" "$rss" "$pss" "$uss" "$memfd"
  e "$k" ${RMF[$k]} "$id" >/dev/null
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/versions.txt"

# --- summary ------------------------------------------------------------------------------
labels=$(for k in "${have[@]}"; do printf '%s=%s\n' "$k" "${LABEL[$k]}"; done)
{
  echo "# Engine benchmark, $stamp"
  echo
  sed 's/^/    /' "$work/versions.txt"
  echo
  echo "Times in ms, mean ± σ ($RUNS runs after $WARMUP warm-ups for rows 1–3;" \
    "$BATCH_REPEAT repeats for the batch rows). Ratio = berth's mean / the other's." \
    "podman removes with \`rm -f -t 0\` (plain \`rm -f\` waits its 10 s stop timeout first)."
  echo
  awk -F'\t' -v order="${have[*]}" -v labels="$labels" -v batch="$BATCH" '
    BEGIN {
      ne = split(order, eng, " ")
      nl = split(labels, L, "\n"); for (i = 1; i <= nl; i++) { split(L[i], kv, "="); lab[kv[1]] = kv[2] }
      ns = split("run rund rm batch-run batch-rm", sc, " ")
      title["run"] = "`run --rm IMG true`"
      title["rund"] = "`run -d IMG sleep 1000`"
      title["rm"] = "`rm -f` one running container"
      title["batch-run"] = batch " × `run -d` one by one (total)"
      title["batch-rm"] = "one `rm -f` of " batch " (total)"
    }
    { m[$1, $2] = $3 * 1000; s[$1, $2] = $4 * 1000; seen[$2] = 1 }
    END {
      hdr = "| scenario |"; sep = "|:---|"
      for (i = 1; i <= ne; i++) { hdr = hdr " " lab[eng[i]] " |"; sep = sep "---:|" }
      for (i = 1; i <= ne; i++) if (eng[i] != "berth" && seen["berth"]) {
        hdr = hdr " berth / " lab[eng[i]] " |"; sep = sep "---:|" }
      print hdr; print sep
      for (j = 1; j <= ns; j++) {
        row = "| " title[sc[j]] " |"
        for (i = 1; i <= ne; i++) {
          if ((sc[j], eng[i]) in m) row = row sprintf(" %.1f ± %.1f |", m[sc[j], eng[i]], s[sc[j], eng[i]])
          else row = row " n/a |"
        }
        for (i = 1; i <= ne; i++) if (eng[i] != "berth" && seen["berth"]) {
          if (((sc[j], eng[i]) in m) && ((sc[j], "berth") in m) && m[sc[j], eng[i]] > 0)
            row = row sprintf(" %.3f |", m[sc[j], "berth"] / m[sc[j], eng[i]])
          else row = row " n/a |"
        }
        print row
      }
    }' "$stats"
  echo
  if [[ -n $nsenter_note ]]; then echo "$nsenter_note"; echo; fi
  echo "Idle monitor of one \`sleep 1000\` container (the parent of its init), from /proc/PID/smaps_rollup:"
  echo
  echo "| engine | monitor process | RSS [KiB] | PSS [KiB] | USS [KiB] | exe in a memfd [KiB] |"
  echo "|:---|:---|---:|---:|---:|---:|"
  awk -F'\t' -v labels="$labels" '
    BEGIN { nl = split(labels, L, "\n"); for (i = 1; i <= nl; i++) { split(L[i], kv, "="); lab[kv[1]] = kv[2] } }
    { printf "| %s | %s | %d | %d | %d | %s |\n", lab[$1], $2, $4, $5, $6, $7 ? $7 : "—" }' "$mem_tsv"
  echo
  echo "USS = Private_Clean + Private_Dirty. A memfd copy of the binary (the CVE-2019-5736 guard)" \
    "is shmem that the monitor keeps whole; RSS and PSS count only its pages mapped and touched."
  echo
  echo "Targets: every berth time ≤ 0.10 × podman's; berth's monitor below conmon in RSS and PSS."
  echo
  awk -F'\t' '
    FNR == NR { m[$1, $2] = $3; next }
    { mem[$1] = $4 " " $5 " " $7 }
    END {
      n = split("run rund rm batch-run batch-rm", sc, " ")
      for (j = 1; j <= n; j++) for (p = 1; p <= 2; p++) {
        e = p == 1 ? "podman-runc" : "podman-crun"
        if (!(((sc[j], e) in m) && ((sc[j], "berth") in m))) continue
        r = m[sc[j], "berth"] / m[sc[j], e]
        printf "- %s vs %s: %.3f → %s\n", sc[j], e, r, r <= 0.10 ? "met" : sprintf("not met (%.1f× too slow)", r / 0.10)
      }
      if (("berth" in mem) && ("podman-runc" in mem)) {
        split(mem["berth"], b, " "); split(mem["podman-runc"], c, " ")
        printf "- monitor RSS %d vs conmon %d KiB → %s; PSS %d vs %d KiB → %s\n", b[1], c[1],
          b[1] < c[1] ? "met" : "not met", b[2], c[2], b[2] < c[2] ? "met" : "not met"
        if (b[3] > 0) printf "- berth'"'"'s monitor also keeps a %d KiB memfd copy of its binary (all of it in memory; RSS/PSS count only its mapped, touched pages)\n", b[3]
      }
    }' "$stats" "$mem_tsv"
  if ((${#unavailable[@]})); then
    echo
    echo "Not measured:"
    for u in "${unavailable[@]}"; do echo "- $u"; done
  fi
} >"$out.md"

# JSON: the summary stats, the batch repeats, the memory and the versions.
jq -n --rawfile versions "$work/versions.txt" \
  --arg date "$stamp" --arg command "bench/engine.sh" \
  --argjson runs "$RUNS" --argjson warmup "$WARMUP" --argjson batch "$BATCH" \
  --argjson batch_repeat "$BATCH_REPEAT" \
  --slurpfile stats <(awk -F'\t' '{printf "{\"scenario\":\"%s\",\"engine\":\"%s\",\"mean_s\":%s,\"stddev_s\":%s}\n", $1, $2, $3, $4}' "$stats") \
  --slurpfile batch_runs <(awk -F'\t' '{printf "{\"engine\":\"%s\",\"start_ms\":%s,\"rm_ms\":%s}\n", $1, $2, $3}' "$batch_tsv") \
  --slurpfile memory <(awk -F'\t' '{printf "{\"engine\":\"%s\",\"process\":\"%s\",\"rss_kib\":%s,\"pss_kib\":%s,\"uss_kib\":%s,\"memfd_exe_kib\":%s}\n", $1, $2, $4, $5, $6, $7}' "$mem_tsv") \
  --args '{date: $date, command: $command, runs: $runs, warmup: $warmup, batch: $batch,
    batch_repeat: $batch_repeat, versions: ($versions | split("\n") | map(select(. != ""))),
    results: $stats, batch_runs: $batch_runs, memory: $memory, not_measured: $ARGS.positional}' \
  "${unavailable[@]}" >"$out.json"

echo
cat "$out.md"
echo
echo "results: $out.{md,json} and $out-{run,rund,rm}.{md,json}"
