#!/usr/bin/env bats
# Crash safety: `berth` SIGKILLed at a syscall of run or rm leaves either nothing or a record that
# `ps -a` shows and `rm -f` removes, with no mount, cgroup, process, IPC pin or state left, and
# the name free again. strace injects the SIGKILL (docs/state.md, "Crash safety").
#
# A successful command is traced once to list its syscalls; the k-th is killed by injecting
# SIGKILL at the j-th call of its name (strace counts `when=` per syscall name, per process).
# The default run kills at every successful syscall that changes something outside the process
# (mount, mkdir, rename, unlink, clone, flock, kill, ...: each step of every phase; of the cgroup
# mkdirs and rmdirs, repeated in each v1 hierarchy, the first and last) and at a stride over the
# rest, from a random offset; BERTH_CRASH_EXHAUSTIVE=1 (make crashtest) kills at every one.

load helpers
load berth_helpers

setup() {
  setup_with_busybox
  command -v strace >/dev/null || skip "strace is needed (scripts/install-deps)"
  UNIQ="crash${RANDOM}x${RANDOM}"
  # A container that runs until killed, its shell named by UNIQ ($0) so its process can be found
  # (the `:` keeps busybox from replacing the shell with sleep).
  LONG='sleep 100; :'
}

# The engine's command line without the `b` function, for strace to execute.
berth_argv() { BERTH_ARGV=("$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG"); }

# Syscalls that change the world outside the process: kill points in every run.
LANDMARKS=" mount fsmount move_mount open_tree mount_setattr umount2 mkdir mkdirat rmdir rename renameat renameat2 unlink unlinkat clone clone3 fork vfork
  execve execveat flock kill tgkill pidfd_send_signal setns fsync pivot_root symlink linkat "

# syscall_points TRACE [PID]: one line per syscall of a strace -o file (of PID's lines in a -f
# trace): "NAME OCCURRENCE LANDMARK", LANDMARK 1 for a kill point of every run.
syscall_points() {
  awk -v pid="${2:-}" -v landmarks="$LANDMARKS" '
    pid != "" { if ($1 != pid) next; sub(/^[0-9]+ +/, "") }
    !/^[a-z_0-9]+\(/ { next }
    {
      name[++k] = substr($0, 1, index($0, "(") - 1)
      occ[k] = ++seen[name[k]]
      mark[k] = index(landmarks, " " name[k] " ") && !/= -1 /
      if (mark[k] && index($0, "\"/sys/fs/cgroup/")) {
        mark[k] = 0
        if (!(name[k] in first_cg)) first_cg[name[k]] = k
        last_cg[name[k]] = k
      }
    }
    END {
      for (c in first_cg) mark[first_cg[c]] = mark[last_cg[c]] = 1
      for (i = 1; i <= k; i++) print name[i], occ[i], mark[i]
    }' "$1"
}

# trace_points OUT CMD...: runs the berth command CMD once under strace, lists its syscalls in OUT.
trace_points() {
  local out=$1
  shift
  berth_argv
  strace -qq -o "$TEST_DIR/trace" "${BERTH_ARGV[@]}" "$@" >/dev/null 2>&1
  syscall_points "$TEST_DIR/trace" >"$out"
  [ -s "$out" ]
}

# crash_at NAME OCC CMD...: runs the berth command CMD, SIGKILLed at the OCC-th call of NAME.
# With CRASH_FOLLOW=1 every process it forks (the monitor, the container's init) is traced too
# and each dies at its own OCC-th call of NAME: the whole tree crashes.
crash_at() {
  local name=$1 occ=$2
  shift 2
  berth_argv
  if [ -z "${CRASH_FOLLOW:-}" ]; then
    strace -qq -o /dev/null -e trace="$name" -e inject="$name:signal=SIGKILL:when=$occ" \
      "${BERTH_ARGV[@]}" "$@" >"$TEST_DIR/crash.out" 2>&1 </dev/null || true
    return 0
  fi
  # strace -f waits for every process it follows, and an init whose monitor died between the
  # runtime's create and start waits to be started until `rm -f`: go on once the CLI is done.
  # The CLI is the first process strace reports (its execve); it is done when strace reports its
  # end. (Looking it up among strace's children raced with a CLI that died at once, and then
  # waited forever for a strace still following an orphaned init.)
  rm -f "$TEST_DIR/strace.log"
  strace -f -q -o "$TEST_DIR/strace.log" -e trace="execve,$name" -e inject="$name:signal=SIGKILL:when=$occ" \
    "${BERTH_ARGV[@]}" "$@" >"$TEST_DIR/crash.out" 2>&1 </dev/null &
  CRASH_STRACE=$!
  local cli try
  for try in $(seq 1000); do
    cli=$(awk 'NR == 1 { print $1; exit }' "$TEST_DIR/strace.log" 2>/dev/null || true)
    if [ -n "$cli" ] && grep -Eq "^$cli +\+\+\+ (exited|killed)" "$TEST_DIR/strace.log"; then return 0; fi
    process_gone "$CRASH_STRACE" && return 0
    sleep 0.02
  done
  fail "berth $* hangs after its monitor was killed"
  return 1
}

# After `rm -f`, nothing may be left for a following strace to wait for.
finish_strace() {
  [ -n "${CRASH_STRACE:-}" ] || return 0
  local try
  for try in $(seq 250); do
    process_gone "$CRASH_STRACE" && break
    sleep 0.02
  done
  if ! process_gone "$CRASH_STRACE"; then
    fail "strace still follows a process after rm -f: $(pgrep -a -P "$CRASH_STRACE")"
    kill "$CRASH_STRACE"
    return 1
  fi
  wait "$CRASH_STRACE" || true
  CRASH_STRACE=
}

# The stride over a list of N points: 1 when exhaustive, else about N/TARGET.
stride_for() {
  local n=$1 target=$2
  if [ -n "${BERTH_CRASH_EXHAUSTIVE:-}" ]; then echo 1; else echo $(((n + target - 1) / target)); fi
}

# What a container may leave behind, none of which may survive `rm -f`.
container_leftovers() {
  awk -v t="$TEST_DIR/" 'index($5, t) == 1 { print "mount " $5 }' /proc/self/mountinfo
  grep -l -- "[${UNIQ:0:1}]${UNIQ:1}" /proc/[0-9]*/cmdline 2>/dev/null | awk -F/ '{ print $3 }' |
    while read -r p; do process_gone "$p" || echo "process $p: $(tr '\0' ' ' </proc/$p/cmdline)"; done
  berth_leaked_cgroups | sed 's/^/cgroup /'
  berth_leaked_monitors | while read -r p; do echo "monitor $p: $(tr '\0' ' ' </proc/$p/cmdline)"; done
  local dir
  for dir in "$BERTH_ROOT/containers" "$BERTH_RUNROOT/containers" "$BERTH_RUNROOT/runtime" \
    "$BERTH_RUNROOT/ipc" "$BERTH_RUNROOT/attach"; do
    # .names is the name index, whose stale entries are hints by design (container_names.hpp);
    # the name itself is checked free by recover.
    [ -d "$dir" ] && find "$dir" -mindepth 1 -maxdepth 1 ! -name .lock ! -name .seccomp-cache ! -name .names |
      sed 's/^/state /'
  done
  true
}

# recover NAME [KEEP_ID]: after a crash, `ps -a` works and either lists NAME or not; `rm -f` of a
# listed one succeeds; NAME is free; and nothing is left (but what names the container KEEP_ID,
# by its id or the 16-digit prefix that names its attach socket).
recover() {
  local name=$1 keep=${2:-} names left
  names=$(b ps -a --format '{{.Names}}' 2>&1) || { fail "ps -a failed after the crash: $names"; return 1; }
  if grep -qx "$name" <<<"$names"; then
    b rm -f "$name" >"$TEST_DIR/rm.out" 2>&1 || { fail "rm -f $name after the crash: $(cat "$TEST_DIR/rm.out")"; return 1; }
  fi
  finish_strace || return 1
  # A record half added or half removed is a hidden directory that this create and rm sweep.
  b create --name "$name" busybox true >/dev/null || { fail "the name $name is not free after rm -f"; return 1; }
  b rm "$name" >/dev/null
  left=$(container_leftovers | { if [ -n "$keep" ]; then grep -v -- "${keep:0:16}"; else cat; fi; } || true)
  [ -z "$left" ] || { fail "left after the crash and rm -f: $left"; return 1; }
}

# crash_walk POINTS TARGET SETUP CMD...: for every landmark and every stride-th point, runs
# SETUP, the crashing CMD, and CRASH_CHECK (default: recover) on the name CRASH_NAME.
crash_walk() {
  local points=$1 target=$2 setup=$3
  shift 3
  local n stride offset k=0 name occ landmark
  n=$(wc -l <"$points")
  stride=$(stride_for "$n" "$target")
  offset=$((RANDOM % stride))
  # The points come on fd 7: the commands in the loop must not eat them from stdin.
  while read -r name occ landmark <&7; do
    k=$((k + 1))
    [[ $(((k - offset) % stride)) -eq 0 || $landmark -eq 1 ]] || continue
    $setup
    crash_at "$name" "$occ" "$@" || return 1
    if ! ${CRASH_CHECK:-recover} "$CRASH_NAME"; then
      fail "after SIGKILL at syscall $k of $n ($name #$occ) of: $* (output: $(cat "$TEST_DIR/crash.out"))"
      return 1
    fi
  done 7<"$points"
}

no_setup() { :; }

@test "crash: run -d killed at any syscall" {
  b run -d --name victim busybox sh -c "$LONG" "$UNIQ" >/dev/null
  [ "$(b inspect -f '{{.State.Status}}' victim)" = running ]
  [ -n "$(container_leftovers)" ]  # the check sees a live container's process, mounts and state
  b rm -f victim >/dev/null
  trace_points "$TEST_DIR/points" run -d --name victim busybox sh -c "$LONG" "$UNIQ"
  b rm -f victim >/dev/null
  CRASH_NAME=victim crash_walk "$TEST_DIR/points" 20 no_setup run -d --name victim busybox sh -c "$LONG" "$UNIQ"
  b run -d --name victim busybox sh -c "$LONG" "$UNIQ" >/dev/null
}

# A start under way while `rm -f` runs (as after a CLI killed just after it forked the monitor).
# strace holds the monitor in its overlay mount, and the rm in its first unmount: without the
# start lock the rm would find no runtime state yet, and then unmount and delete the record of a
# container that the monitor meanwhile started, which would run on with no record.
@test "crash: rm -f waits for a start under way (the start lock)" {
  berth_argv
  strace -f -qq -o "$TEST_DIR/trace" -e trace=fsmount "${BERTH_ARGV[@]}" run -d --name victim busybox true >/dev/null
  b rm -f victim >/dev/null
  grep -q '^[0-9]* *fsmount(' "$TEST_DIR/trace" || skip "the overlay is not mounted with fsmount here"
  strace -f -qq -o /dev/null -e trace=fsmount -e inject=fsmount:delay_enter=300000 \
    "${BERTH_ARGV[@]}" run -d --name victim busybox sh -c "$LONG" "$UNIQ" >"$TEST_DIR/crash.out" 2>&1 </dev/null &
  CRASH_STRACE=$!
  until b ps -a --format '{{.Names}}' | grep -qx victim; do sleep 0.01; done
  strace -qq -o /dev/null -e trace=umount2 -e inject=umount2:delay_enter=600000 \
    "${BERTH_ARGV[@]}" rm -f victim >/dev/null
  recover victim
}

# The monitor and the container's init die too, each at its own n-th call of the syscall: points
# are taken from the monitor's part of the trace. The container exits at once so that strace,
# which waits for every process it follows, returns.
@test "crash: run -d killed with its monitor and the container's init" {
  berth_argv
  strace -f -qq -o "$TEST_DIR/trace" "${BERTH_ARGV[@]}" run -d --name victim busybox true "$UNIQ" >/dev/null 2>&1
  local monitor
  # The monitor: the first process after the CLI to exec (spawned with clone3 | CLONE_VFORK,
  # whose strace line is split by the child's own calls).
  monitor=$(awk 'NR == 1 { cli = $1 } $1 != cli && $2 ~ /^execve/ { print $1; exit }' "$TEST_DIR/trace")
  syscall_points "$TEST_DIR/trace" "$monitor" >"$TEST_DIR/points"
  [ -s "$TEST_DIR/points" ]
  b rm -f victim >/dev/null
  CRASH_FOLLOW=1 CRASH_NAME=victim crash_walk "$TEST_DIR/points" 8 no_setup run -d --name victim busybox true "$UNIQ"
}

@test "crash: run --rm (attached: the CLI is the monitor) killed at any syscall" {
  trace_points "$TEST_DIR/points" run --rm --name victim busybox true "$UNIQ"
  CRASH_NAME=victim crash_walk "$TEST_DIR/points" 15 no_setup run --rm --name victim busybox true "$UNIQ"
}

start_victim() { b run -d --name victim busybox sh -c "$LONG" "$UNIQ" >/dev/null; }
exited_victim() {
  b run -d --name victim busybox true "$UNIQ" >/dev/null
  b wait victim >/dev/null
}

@test "crash: rm -f of a running container killed at any syscall" {
  start_victim
  trace_points "$TEST_DIR/points" rm -f victim
  CRASH_NAME=victim crash_walk "$TEST_DIR/points" 10 start_victim rm -f victim
}

@test "crash: rm -f of an exited container killed at any syscall" {
  exited_victim
  trace_points "$TEST_DIR/points" rm -f victim
  CRASH_NAME=victim crash_walk "$TEST_DIR/points" 8 exited_victim rm -f victim
}

# The donor must keep running and keep its pin whatever happened to a member.
member_recover() {
  recover member "$DONOR_ID" || return 1
  [ "$(b inspect -f '{{.State.Status}}' donor)" = running ] || { fail "the donor stopped"; return 1; }
  grep -q " $BERTH_RUNROOT/ipc/$DONOR_ID/ns " /proc/self/mountinfo || { fail "the donor's IPC pin is gone"; return 1; }
}

@test "crash: run -d --ipc container: (a member joining a donor) killed at any syscall" {
  DONOR_ID=$(b run -d --name donor busybox sh -c "$LONG" donor$RANDOM)
  trace_points "$TEST_DIR/points" run -d --name member --ipc container:donor busybox sh -c "$LONG" "$UNIQ"
  b rm -f member >/dev/null
  CRASH_NAME=member CRASH_CHECK=member_recover crash_walk "$TEST_DIR/points" 10 no_setup \
    run -d --name member --ipc container:donor busybox sh -c "$LONG" "$UNIQ"
  b rm -f donor >/dev/null
  [ -z "$(container_leftovers)" ] || fail "left: $(container_leftovers)"
}
