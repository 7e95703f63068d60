# Shared helpers for the end-to-end suites: pick the runtime under test, build bundles from
# busybox-static and the probe, drive the runtime with a private --root, and check for leaks.
#
# Environment:
#   BERTH_TEST_RUNTIME  runtime binary with runc's command line (default: the built berth-runtime;
#                       set it to "runc" or "crun" to validate the suites against an anchor)
#   BERTH_BUILD         build directory (default: $BERTH_SOURCE/build)
#   BERTH_SOURCE        source directory (default: two levels above this file)

BERTH_SOURCE=${BERTH_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BERTH_BUILD=${BERTH_BUILD:-$BERTH_SOURCE/build}
RUNTIME=${BERTH_TEST_RUNTIME:-$BERTH_BUILD/bin/berth-runtime}
RUNTIME=$(command -v "$RUNTIME" 2>/dev/null || echo "$RUNTIME")
RUNTIME_NAME=$(basename "$RUNTIME")
PROBE=${BERTH_PROBE:-$BERTH_BUILD/bin/berth-probe}
FIXTURES=$BERTH_SOURCE/tests/fixtures
BUSYBOX=$(command -v busybox 2>/dev/null || echo /bin/busybox)

# Applets linked into every test rootfs (busybox-static resolves them by argv[0]).
BUSYBOX_APPLETS=(sh cat echo ls mkdir sleep true false id hostname env pwd touch test kill ps
  stat grep readlink wc head dd stty unshare)

# Prints why the suites cannot run here, or nothing (status 1) when they can.
e2e_unavailable() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "e2e tests need root"
  elif [ ! -x "$RUNTIME" ]; then
    echo "runtime $RUNTIME not built (set BERTH_TEST_RUNTIME=runc to validate against runc)"
  elif [ ! -x "$PROBE" ]; then
    echo "probe $PROBE not built (cmake --build build --target berth-probe)"
  elif ! ldd "$BUSYBOX" 2>&1 | grep -q 'not a dynamic'; then
    echo "a static busybox is needed (apt-get install busybox-static)"
  elif ! command -v jq >/dev/null; then
    echo "jq is needed (scripts/install-deps)"
  else
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Per-test state: a temp dir holding the runtime's --root, bundles and logs.

setup() { e2e_setup; }
teardown() { e2e_teardown; }

e2e_setup() {
  local reason
  # setup_suite has checked already when E2E_AVAILABLE is set; forks are slow, skip the recheck.
  if [ -z "${E2E_AVAILABLE:-}" ] && reason=$(e2e_unavailable); then skip "$reason"; fi
  TEST_DIR=$(mktemp -d /tmp/berth-e2e.XXXXXX)
  chmod 755 "$TEST_DIR" # user-namespaced containers must reach their rootfs
  ROOT_DIR=$TEST_DIR/state
  BUNDLE=$TEST_DIR/bundle
  # Container ids embed this tag so cgroups and processes can be traced back to the test.
  ID_TAG="$(suite_tag)-${BATS_TEST_NUMBER}x${RANDOM}"
  mkdir -p "$ROOT_DIR"
}

e2e_teardown() {
  [ -n "${TEST_DIR:-}" ] && [ -d "$TEST_DIR" ] || return 0
  local id status=0
  for id in $(rt list -q 2>/dev/null); do
    rt delete --force "$id" >/dev/null 2>&1 || true
  done
  if declare -F extra_cleanup >/dev/null; then extra_cleanup || true; fi
  if ! assert_no_leaks; then
    status=1
    force_cleanup
  fi
  rm -rf "$TEST_DIR"
  return $status
}

suite_tag() { echo "be2e-$(basename "$BATS_TEST_FILENAME" .bats)"; }

# cid NAME: the container id for NAME in this test.
cid() { echo "$ID_TAG-$1"; }

# rt ARGS: the runtime under test with this test's private state root.
rt() { "$RUNTIME" --root "$ROOT_DIR" "$@"; }

# rt_create ID [BUNDLE] / rt_run_d ID [BUNDLE]: the container's stdio goes to a log file so no
# container process keeps bats' pipes open (bats would wait for them).
rt_create() { rt create --bundle "${2:-$BUNDLE}" "$1" </dev/null >"$TEST_DIR/$1.log" 2>&1; }
rt_run_d() { rt run --detach --bundle "${2:-$BUNDLE}" "$1" </dev/null >"$TEST_DIR/$1.log" 2>&1; }
container_log() { cat "$TEST_DIR/$1.log"; }

container_status() { rt state "$1" 2>/dev/null | jq -r .status; }
container_pid() { rt state "$1" | jq -r .pid; }

# wait_status ID STATUS [SECONDS]
wait_status() {
  local i
  for ((i = 0; i < ${3:-10} * 20; i++)); do
    [ "$(container_status "$1")" = "$2" ] && return 0
    sleep 0.05
  done
  echo "container $1 is $(container_status "$1"), expected $2" >&2
  return 1
}

# ---------------------------------------------------------------------------------------------
# Bundles.

# make_rootfs DIR: busybox applets, the probe at /probe, and root/nobody accounts.
make_rootfs() {
  local root=$1 applet
  mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,mnt,home}
  cp "$BUSYBOX" "$root/bin/busybox"
  for applet in "${BUSYBOX_APPLETS[@]}"; do ln -sf busybox "$root/bin/$applet"; done
  cp "$PROBE" "$root/probe"
  chmod 1777 "$root/tmp"
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$root/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
EOF
}

# make_bundle [DIR]: a bundle whose process is `/probe sleep 600`; edit it with cfg / set_args.
# The rootfs is copied from a template that setup_suite builds once (E2E_ROOTFS_TEMPLATE).
make_bundle() {
  local dir=${1:-$BUNDLE}
  mkdir -p "$dir"
  if [ -d "${E2E_ROOTFS_TEMPLATE:-}" ]; then
    cp -a "$E2E_ROOTFS_TEMPLATE" "$dir/rootfs"
  else
    make_rootfs "$dir/rootfs"
  fi
  cp "$FIXTURES/config.json" "$dir/config.json"
}

# cfg FILTER [JQ OPTIONS...]: edit $CFG_BUNDLE (default $BUNDLE)/config.json in place with jq.
cfg() {
  local file=${CFG_BUNDLE:-$BUNDLE}/config.json filter=$1
  shift
  jq "$@" "$filter" <"$file" >"$file.new" && mv "$file.new" "$file"
}

# cfg_args FILTER STRING...: like cfg, with the strings as $ARGS.positional.
cfg_args() {
  local file=${CFG_BUNDLE:-$BUNDLE}/config.json filter=$1
  shift
  jq --args "$filter" -- "$@" <"$file" >"$file.new" && mv "$file.new" "$file"
}

# set_args ARG...: the container process's argv.
# add_mount JSON: append one mount to the config.
add_mount() { cfg ".mounts += [$1]"; }

set_args() { cfg_args '.process.args = $ARGS.positional' "$@"; }

# ---------------------------------------------------------------------------------------------
# Assertions (bats 1.8 ships without bats-assert).

fail() {
  echo "FAIL: $*" >&2
  return 1
}

assert_success() {
  [ "$status" -eq 0 ] || fail "expected success, got status $status; output: $output"
}

# assert_failure [STATUS]
assert_failure() {
  if [ -n "${1:-}" ]; then
    [ "$status" -eq "$1" ] || fail "expected status $1, got $status; output: $output"
  else
    [ "$status" -ne 0 ] || fail "expected failure, got success; output: $output"
  fi
}

# assert_output_contains TEXT (case-insensitive, so runtimes may word errors differently)
assert_output_contains() {
  grep -qiF -- "$1" <<<"$output" || fail "output lacks '$1': $output"
}

# assert_output_matches REGEX (extended, case-insensitive): for error wording that differs
# between runtimes, e.g. "not exist|no such".
assert_output_matches() {
  grep -qiE -- "$1" <<<"$output" || fail "output does not match '$1': $output"
}

assert_output_lacks() {
  ! grep -qiF -- "$1" <<<"$output" || fail "output has '$1': $output"
}

assert_equal() {
  [ "$1" = "$2" ] || fail "expected '$2', got '$1'"
}

# ns_inode OUTPUT TYPE: the inode of namespace TYPE in `probe ns` output.
ns_inode() { awk -v t="$2" '$1 == t { print $2 }' <<<"$1"; }

host_ns_inode() { stat -L -c %i "/proc/$$/ns/$1"; }

# ---------------------------------------------------------------------------------------------
# Leak checks: every test must leave no mount, process, cgroup or state behind.

# leaked_processes: pids whose cwd or root is in the test dir or whose cgroup names the test.
# One find and one grep over /proc: a loop forking per process takes seconds here.
leaked_processes() {
  {
    find /proc -mindepth 2 -maxdepth 2 \( -name cwd -o -name root \) \
      \( -lname "$TEST_DIR" -o -lname "$TEST_DIR/*" \) 2>/dev/null
    grep -lF -- "$ID_TAG" /proc/[0-9]*/cgroup 2>/dev/null
  } | awk -F/ -v self="$$" '$3 != self && $3 != "self" && $3 != "thread-self" { print $3 }' |
    sort -u | while read -r p; do process_gone "$p" || echo "$p"; done
}

# process_gone PID: true when PID no longer runs. A zombie counts as gone: on this kind of VM
# PID 1 reaps orphaned container inits late, so they linger as zombies for a while.
process_gone() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
  [[ "${stat##*) }" == Z* || "${stat##*) }" == X* ]]
}

leaked_mounts() { awk -v d="$TEST_DIR" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo; }
leaked_cgroups() { find /sys/fs/cgroup -mindepth 1 -type d -name "*$ID_TAG*" 2>/dev/null; }
# runtime_state_in DIR...: what is under each runtime --root DIR but its compiled seccomp
# filters, which are a cache and not state (src/runtime/seccomp_cache.hpp); the cache's temp
# files are listed.
runtime_state_in() {
  local dir
  for dir in "$@"; do
    [ -d "$dir" ] && find "$dir" -mindepth 1 ! -path "$dir/.seccomp-cache" \
      ! -path "$dir/.seccomp-cache/*.bpf" 2>/dev/null
  done
  return 0
}
leaked_state() { runtime_state_in "$ROOT_DIR"; }

assert_no_leaks() {
  local what found leaks=0
  for what in mounts processes cgroups state; do
    found=$(leaked_$what)
    if [ -n "$found" ]; then
      echo "LEAK ($what):" $found >&2
      if [ "$what" = processes ]; then ps -o pid,ppid,args -p "$(echo $found | tr ' ' ,)" >&2; fi
      leaks=1
    fi
  done
  return $leaks
}

# force_cleanup: undo whatever a failed test left so the next test starts clean.
force_cleanup() {
  local p m c
  for p in $(leaked_processes); do kill -9 "$p" 2>/dev/null || true; done
  for m in $(leaked_mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  for c in $(leaked_cgroups | sort -r); do
    [ -f "$c/freezer.state" ] && echo THAWED >"$c/freezer.state" 2>/dev/null
    rmdir "$c" 2>/dev/null || true
  done
  return 0
}

# suite_leak_check: the last test of every suite; nothing tagged by this suite's earlier tests
# may remain (this test's own containers are checked by its teardown).
suite_leak_check() {
  local found
  found=$(find /sys/fs/cgroup -mindepth 1 -type d -name "$(suite_tag)-*" 2>/dev/null |
    while read -r c; do [[ -f "$c/cgroup.procs" && "$c" != *"$ID_TAG"* ]] && echo "$c"; done; true)
  found+=$(awk 'index($5, "/tmp/berth-e2e.") == 1 { print " " $5 }' /proc/self/mountinfo)
  [ -z "$found" ] || fail "suite leaked: $found"
}
