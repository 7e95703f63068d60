#!/usr/bin/env bats
# berth's --ipc modes: which containers see each other's SysV shared memory, semaphores and
# message queues, POSIX message queues and /dev/shm files (design.md's table), the errors for
# joins that cannot work, --shm-size, IPC sysctls, and a donor restart that keeps its group.

load helpers
load berth_helpers

setup() {
  e2e_setup
  [ -x "$BERTH" ] || skip "berth not built"
  BERTH_ROOT=$TEST_DIR/root
  BERTH_RUNROOT=$TEST_DIR/runroot
  import_busybox busybox
  KEY=$((0x4245000 + RANDOM))
}

# start NAME [FLAGS…]: a detached busybox container that sleeps.
start() {
  local name=$1
  shift
  b run -d --name "$name" "$@" busybox /probe sleep 600 >/dev/null
}

# create_all IN: one object of each kind inside container IN.
create_all() {
  b exec "$1" /probe sysv-shm-create "$KEY" 4096 >/dev/null
  b exec "$1" /probe sysv-sem-create "$KEY" >/dev/null
  b exec "$1" /probe sysv-msg-create "$KEY" >/dev/null
  b exec "$1" /probe mq-create "/berth$KEY" >/dev/null
  b exec "$1" /probe shm-file-create "berth$KEY" >/dev/null
}

# visibility IN: "shm sem msg mq file" as v (visible) or - (not) inside container IN.
visibility() {
  local out="" kind arg
  for kind in sysv-shm sysv-sem sysv-msg mq; do
    arg=$KEY
    [ $kind = mq ] && arg=/berth$KEY
    if b exec "$1" /probe "$kind-visible" "$arg" >/dev/null 2>&1; then out+="v"; else out+="-"; fi
  done
  if b exec "$1" test -e "/dev/shm/berth$KEY" 2>/dev/null; then out+="v"; else out+="-"; fi
  echo "$out"
}

@test "shareable containers have their own namespaces; a container: joiner sees everything" {
  start a
  start b
  start c --ipc container:a
  create_all a
  assert_equal "$(visibility a)" "vvvvv"
  assert_equal "$(visibility b)" "-----"
  assert_equal "$(visibility c)" "vvvvv"
  assert_equal "$(b inspect -f '{{.Ipc.Inode}}' c)" "$(b inspect -f '{{.Ipc.Inode}}' a)"
  run b ps --filter ipc=a --format '{{.Names}}'
  assert_output_contains a
  assert_output_contains c
  assert_output_lacks b
}

@test "private and none cannot be joined; none has no /dev/shm" {
  start p --ipc private
  start n --ipc none
  run b run -d --ipc container:p busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "not shareable"
  run b run -d --ipc container:n busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  run b exec n test -d /dev/shm
  assert_failure
  run b exec p test -d /dev/shm
  assert_success
}

@test "host mode shares the host's IPC namespace" {
  start h --ipc host
  run b exec h /probe sysv-shm-create "$KEY" 4096
  assert_success
  run "$PROBE" sysv-shm-visible "$KEY"
  assert_success
  ipcrm -M "$KEY"
}

@test "ns:<path> joins the namespace file given, with its own /dev/shm" {
  start a
  create_all a
  start x --ipc "ns:$BERTH_RUNROOT/ipc/$(b inspect -f '{{.Id}}' a)/ns"
  assert_equal "$(visibility x)" "vvvv-"
}

@test "joining a missing or stopped container, or with --shm-size or an IPC sysctl, fails with 125" {
  run b run -d --ipc container:ghost busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "No such container: ghost"
  b run -d --name s busybox true >/dev/null
  b wait s >/dev/null
  run b run -d --ipc container:s busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "non running"
  start a
  run b run -d --ipc container:a --shm-size 1m busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  run b run -d --ipc container:a --sysctl kernel.shmmax=1048576 busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "kernel.shmmax"
  run b run -d --shm-size=-1 busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "invalid size"
  [ "$(b ps -aq | wc -l)" -eq 2 ] || fail "a failed run left a container: $(b ps -a)"
}

@test "IPC sysctls apply in a container that owns its namespace" {
  start a --sysctl kernel.shmmax=1048576
  run b exec a cat /proc/sys/kernel/shmmax
  assert_equal "$output" 1048576
}

@test "--shm-size is enforced: writing past it fails with ENOSPC" {
  start a --shm-size 1m
  run b exec a sh -c 'head -c 2000000 /dev/zero > /dev/shm/big'
  assert_failure
  assert_output_contains "No space left on device"
}

@test "a restarted donor rejoins its pinned namespace and its joiner keeps talking to it" {
  start a
  start c --ipc container:a
  local before
  before=$(b inspect -f '{{.Ipc.Inode}}' a)
  b restart -t 1 a >/dev/null
  assert_equal "$(b inspect -f '{{.State.Status}}' c)" running
  assert_equal "$(b inspect -f '{{.Ipc.Inode}}' a)" "$before"
  b exec a /probe mq-create "/after$KEY" >/dev/null
  run b exec c /probe mq-visible "/after$KEY"
  assert_success
}

@test "rm of a donor with a running joiner is refused unless -f or both go" {
  start a
  start c --ipc container:a
  run b rm -f a c
  assert_success
  start a2
  start c2 --ipc container:a2
  b stop -t 1 a2 >/dev/null
  run b rm a2
  assert_failure
  assert_output_contains "c2"
  b rm -f c2 a2 >/dev/null
  [ -z "$(ls -A "$BERTH_RUNROOT/ipc" 2>/dev/null)" ] || fail "ipc groups left: $(ls "$BERTH_RUNROOT/ipc")"
}

@test "berth ipcs lists the objects inside a container's namespace" {
  start a
  create_all a
  run b ipcs --format json a
  assert_success
  [ "$(jq '.shm | length' <<<"$output")" -eq 1 ] || fail "$output"
  [ "$(jq -r '.mqueue[0].name' <<<"$output")" = "/berth$KEY" ] || fail "$output"
  [ "$(jq -r '.shm_files[0].name' <<<"$output")" = "berth$KEY" ] || fail "$output"
  run b ipcs a
  assert_output_contains "Shared Memory Segments"
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
