#!/usr/bin/env bats
# IPC isolation: SysV shared memory, semaphores and message queues and POSIX message queues
# created in container A are invisible in container B (its own ipc namespace) and visible in
# container C, which joins A's ipc namespace by path.

load helpers

# start_abc: A and B with new ipc namespaces, C joining A's through /proc/<pid>/ns/ipc.
start_abc() {
  make_bundle
  A=$(cid a)
  B=$(cid b)
  C=$(cid c)
  rt_run_d "$A"
  rt_run_d "$B"
  make_bundle "$TEST_DIR/c"
  CFG_BUNDLE=$TEST_DIR/c cfg '.linux.namespaces |= map(if .type == "ipc"
      then .path = "/proc/\($p)/ns/ipc" else . end)' --arg p "$(container_pid "$A")"
  rt_run_d "$C" "$TEST_DIR/c"
  KEY=$((0x4245000 + RANDOM))
}

# expect_visibility KIND: A created the object; C must see it, B and the host must not.
expect_visibility() {
  local kind=$1 name=$2
  run rt exec "$C" /probe "$kind-visible" "$name"
  assert_success
  assert_equal "$output" visible
  run rt exec "$B" /probe "$kind-visible" "$name"
  assert_failure
  assert_equal "$output" invisible
  run "$PROBE" "$kind-visible" "$name"
  assert_failure
}

@test "C joins A's ipc namespace and B has its own" {
  start_abc
  local a b c
  a=$(rt exec "$A" /probe ns)
  b=$(rt exec "$B" /probe ns)
  c=$(rt exec "$C" /probe ns)
  assert_equal "$(ns_inode "$c" ipc)" "$(ns_inode "$a" ipc)"
  [ "$(ns_inode "$b" ipc)" != "$(ns_inode "$a" ipc)" ] || fail "B shares A's ipc ns"
  [ "$(ns_inode "$a" ipc)" != "$(host_ns_inode ipc)" ] || fail "A shares the host's ipc ns"
}

@test "a SysV shared memory segment is visible only in A's ipc namespace" {
  start_abc
  run rt exec "$A" /probe sysv-shm-create "$KEY" 65536
  assert_success
  expect_visibility sysv-shm "$KEY"
}

@test "a SysV semaphore set is visible only in A's ipc namespace" {
  start_abc
  run rt exec "$A" /probe sysv-sem-create "$KEY"
  assert_success
  expect_visibility sysv-sem "$KEY"
}

@test "a SysV message queue is visible only in A's ipc namespace" {
  start_abc
  run rt exec "$A" /probe sysv-msg-create "$KEY"
  assert_success
  expect_visibility sysv-msg "$KEY"
}

@test "a POSIX message queue is visible only in A's ipc namespace, also in /dev/mqueue" {
  start_abc
  local name="berth-e2e-$RANDOM"
  run rt exec "$A" /probe mq-create "$name"
  assert_success
  expect_visibility mq "$name"
  run rt exec "$C" /probe stat "/dev/mqueue/$name"
  assert_success
  run rt exec "$B" /probe stat "/dev/mqueue/$name"
  assert_failure
}

@test "the ipc namespace and its objects outlive A while C holds it" {
  start_abc
  run rt exec "$A" /probe sysv-shm-create "$KEY" 4096
  assert_success
  # C holds the namespace after A is gone.
  rt delete --force "$A"
  run rt exec "$C" /probe sysv-shm-visible "$KEY"
  assert_success
  run rt exec "$B" /probe sysv-shm-visible "$KEY"
  assert_failure
}

@test "a container without an ipc namespace shares the host's objects" {
  make_bundle
  cfg '.linux.namespaces |= map(select(.type != "ipc"))'
  local key=$((0x4246000 + RANDOM)) id
  id=$(cid c)
  rt_run_d "$id"
  run rt exec "$id" /probe sysv-shm-create "$key" 4096
  assert_success
  run "$PROBE" sysv-shm-visible "$key"
  ipcrm -M "$key" || true
  assert_success
}

@test "/dev/shm is private to each container" {
  start_abc
  run rt exec "$A" /probe shm-file-create berth-e2e
  assert_success
  run rt exec "$A" /probe stat /dev/shm/berth-e2e
  assert_success
  run rt exec "$B" /probe stat /dev/shm/berth-e2e
  assert_failure
  [ ! -e /dev/shm/berth-e2e ]
}

@test "ipc suite leaked nothing" {
  suite_leak_check
}
