#!/usr/bin/env bats
# berth's --ipc modes: which containers see each other's SysV shared memory, semaphores and
# message queues, POSIX message queues and /dev/shm files (design.md's table), the errors for
# joins that cannot work, --shm-size, IPC sysctls, and a donor restart that keeps its group.

load helpers
load berth_helpers

setup() {
  setup_with_busybox
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
  start ca
  start cb
  start cc --ipc container:ca
  create_all ca
  assert_equal "$(visibility ca)" "vvvvv"
  assert_equal "$(visibility cb)" "-----"
  assert_equal "$(visibility cc)" "vvvvv"
  assert_equal "$(b inspect -f '{{.Ipc.Inode}}' cc)" "$(b inspect -f '{{.Ipc.Inode}}' ca)"
  run b ps --filter ipc=ca --format '{{.Names}}'
  assert_output_contains ca
  assert_output_contains cc
  assert_output_lacks cb
}

@test "private and none cannot be joined; none has no /dev/shm" {
  start cp --ipc private
  start cn --ipc none
  run b run -d --ipc container:cp busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "not shareable"
  run b run -d --ipc container:cn busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  # A mounted /dev/shm is a tmpfs of its own, on another device than /dev.
  run b exec cn sh -c '[ "$(stat -c %d /dev/shm 2>/dev/null)" != "$(stat -c %d /dev)" ]'
  assert_failure
  run b exec cp sh -c '[ "$(stat -c %d /dev/shm)" != "$(stat -c %d /dev)" ]'
  assert_success
}

@test "host mode shares the host's IPC namespace" {
  start ch --ipc host
  run b exec ch /probe sysv-shm-create "$KEY" 4096
  assert_success
  run "$PROBE" sysv-shm-visible "$KEY"
  assert_success
  ipcrm -M "$KEY"
}

@test "ns:<path> joins the namespace file given, with its own /dev/shm" {
  start ca
  create_all ca
  start cx --ipc "ns:$BERTH_RUNROOT/ipc/$(b inspect -f '{{.Id}}' ca)/ns"
  assert_equal "$(visibility cx)" "vvvv-"
}

@test "joining a missing or stopped container, or with --shm-size or an IPC sysctl, fails with 125" {
  run b run -d --ipc container:ghost busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "No such container: ghost"
  b run -d --name cs busybox true >/dev/null
  b wait cs >/dev/null
  run b run -d --ipc container:cs busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "non running"
  start ca
  run b run -d --ipc container:ca --shm-size 1m busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  run b run -d --ipc container:ca --sysctl kernel.shmmax=1048576 busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "kernel.shmmax"
  run b run -d --shm-size=-1 busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "invalid size"
  [ "$(b ps -aq | wc -l)" -eq 2 ] || fail "a failed run left a container: $(b ps -a)"
}

@test "IPC sysctls apply in a container that owns its namespace" {
  start ca --sysctl kernel.shmmax=1048576
  run b exec ca cat /proc/sys/kernel/shmmax
  assert_equal "$output" 1048576
}

@test "--shm-size is enforced: writing past it fails with ENOSPC" {
  start ca --shm-size 1m
  run b exec ca dd if=/dev/zero of=/dev/shm/big bs=1024 count=2000
  assert_failure
  assert_output_contains "No space left on device"
  run b exec ca dd if=/dev/zero of=/dev/shm/small bs=1024 count=10
  assert_failure  # the first write filled it
}

@test "a restarted donor rejoins its pinned namespace and its joiner keeps talking to it" {
  start ca
  start cc --ipc container:ca
  local before
  before=$(b inspect -f '{{.Ipc.Inode}}' ca)
  b restart -t 1 ca >/dev/null
  assert_equal "$(b inspect -f '{{.State.Status}}' cc)" running
  assert_equal "$(b inspect -f '{{.Ipc.Inode}}' ca)" "$before"
  b exec ca /probe mq-create "/after$KEY" >/dev/null
  run b exec cc /probe mq-visible "/after$KEY"
  assert_success
}

@test "rm of a donor with a running joiner is refused unless -f or both go" {
  start ca
  start cc --ipc container:ca
  run b rm -f ca cc
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
  start ca
  create_all ca
  run b ipcs --format json ca
  assert_success
  [ "$(jq '.shm | length' <<<"$output")" -eq 1 ] || fail "$output"
  [ "$(jq -r '.mqueue[0].name' <<<"$output")" = "/berth$KEY" ] || fail "$output"
  [ "$(jq -r '.shm_files[0].name' <<<"$output")" = "berth$KEY" ] || fail "$output"
  run b ipcs ca
  assert_output_contains "Shared Memory Segments"
}

@test "--default-ipc-mode and berth.conf choose the mode of containers without --ipc" {
  "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG" \
    --default-ipc-mode private run -d --name dp busybox /probe sleep 600 >/dev/null
  assert_equal "$(b inspect -f '{{.HostConfig.IpcMode}}' dp)" private
  mkdir -p "$TEST_DIR/xdg/berth"
  echo "default_ipc_mode = private" >"$TEST_DIR/xdg/berth/berth.conf"
  XDG_CONFIG_HOME=$TEST_DIR/xdg b run -d --name dc busybox /probe sleep 600 >/dev/null
  assert_equal "$(b inspect -f '{{.HostConfig.IpcMode}}' dc)" private
  run b run -d --ipc container:dc busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  echo "default_ipc_mode = bogus" >"$TEST_DIR/xdg/berth/berth.conf"
  XDG_CONFIG_HOME=$TEST_DIR/xdg run b run -d busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "berth.conf:1: default_ipc_mode"
  start ds
  assert_equal "$(b inspect -f '{{.HostConfig.IpcMode}}' ds)" shareable
}

@test "a root producer and a nobody consumer share objects both ways" {
  start ca
  b exec ca /probe mq-create "/root$KEY" >/dev/null
  start cn -u nobody --ipc container:ca
  run b exec cn /probe mq-visible "/root$KEY"
  assert_success
  run b exec cn /probe sysv-shm-create "$KEY" 4096
  assert_success
  run b exec ca /probe sysv-shm-visible "$KEY"
  assert_success
}

@test "a group whose members are removed at the same moment (--rm) is released" {
  local i
  for i in 1 2 3; do
    b run -d --rm --name "g$i" busybox sleep 1 >/dev/null
    b run -d --rm --name "j$i" --ipc "container:g$i" busybox sleep 1 >/dev/null
  done
  for _ in $(seq 100); do [ -z "$(b ps -aq)" ] && break; sleep 0.1; done
  assert_equal "$(b ps -aq)" ""
  [ -z "$(ls -A "$BERTH_RUNROOT/ipc" 2>/dev/null)" ] || fail "ipc groups left: $(ls "$BERTH_RUNROOT/ipc")"
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
