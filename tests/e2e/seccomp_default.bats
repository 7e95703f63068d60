#!/usr/bin/env bats
# berth's default seccomp filter, Docker's allow list: unlisted syscalls fail with EPERM, the
# capability groups open with their capability, clone3 and syscalls newer than the list report
# ENOSYS, the argument rules (socket, personality), and the same filter for exec and --init.
# `/probe syscall NR ARGS…` makes a raw syscall and prints "ok RESULT" or "errno N NAME"; the
# numbers are x86_64's.

load helpers
load berth_helpers

setup() {
  [ "$(uname -m)" = x86_64 ] || skip "syscall numbers below are x86_64's"
  setup_with_busybox
}

# keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0): the kernel keyring is not
# namespaced, so Docker's profile lists keyctl under no capability at all.
KEYCTL=(250 0 -3 0)

@test "an unlisted syscall fails with EPERM whatever the capabilities; unconfined lets it through" {
  run b run --rm busybox grep Seccomp: /proc/self/status
  assert_output_contains 2
  run b run --rm busybox /probe syscall "${KEYCTL[@]}"
  assert_failure 1
  assert_equal "$output" "errno 1 EPERM"
  run b run --rm --cap-add SYS_ADMIN busybox /probe syscall "${KEYCTL[@]}"
  assert_equal "$output" "errno 1 EPERM"
  run b run --rm --security-opt seccomp=unconfined busybox /probe syscall "${KEYCTL[@]}"
  assert_success
  assert_output_matches '^ok [0-9]+$'
}

@test "a capability group opens with its capability: get_mempolicy needs SYS_NICE" {
  run b run --rm busybox /probe syscall 239 0 0 0 0 0
  assert_equal "$output" "errno 1 EPERM"
  run b run --rm --cap-add SYS_NICE busybox /probe syscall 239 0 0 0 0 0
  assert_success
  assert_equal "$output" "ok 0"
}

@test "clone3 reports ENOSYS without SYS_ADMIN, so libc uses clone: fork and threads work" {
  run b run --rm busybox /probe syscall 435 0 0
  assert_equal "$output" "errno 38 ENOSYS"
  # With SYS_ADMIN clone3 reaches the kernel, which refuses a null argument block.
  run b run --rm --cap-add SYS_ADMIN busybox /probe syscall 435 0 0
  assert_equal "$output" "errno 22 EINVAL"
  run b run --rm busybox /probe thread
  assert_success
  assert_equal "$output" joined
  run b run --rm busybox /probe fork-n 5
  assert_success
  run b run --rm busybox sh -c 'sleep 0.1 & wait $! && echo forked'
  assert_equal "$output" forked
}

@test "a syscall numbered above every listed one fails with ENOSYS, as under runc, not EPERM" {
  run b run --rm busybox /probe syscall 1000
  assert_equal "$output" "errno 38 ENOSYS"
}

@test "argument rules: no AF_VSOCK sockets, only the plain personalities" {
  run b run --rm busybox /probe syscall 41 40 1 0 # socket(AF_VSOCK, SOCK_STREAM, 0)
  assert_equal "$output" "errno 1 EPERM"
  run b run --rm busybox /probe syscall 41 1 1 0 # socket(AF_UNIX, SOCK_STREAM, 0)
  assert_output_matches '^ok [0-9]+$'
  run b run --rm busybox /probe syscall 135 0xffffffff # personality query
  assert_equal "$output" "ok 0"
  run b run --rm busybox /probe syscall 135 0x40000 # ADDR_NO_RANDOMIZE
  assert_equal "$output" "errno 1 EPERM"
}

@test "exec'd processes and --init's tini run under the same filter" {
  b run -d --name sc busybox /probe sleep 600 >/dev/null
  run b exec sc /probe syscall "${KEYCTL[@]}"
  assert_equal "$output" "errno 1 EPERM"
  run b exec sc grep Seccomp: /proc/self/status
  assert_output_contains 2
  b rm -f sc >/dev/null
  run b run --rm --init busybox /probe syscall "${KEYCTL[@]}"
  assert_failure 1
  assert_equal "$output" "errno 1 EPERM"
}

@test "SysV and POSIX IPC between two containers work under the filter" {
  local key=$((0x5345000 + RANDOM))
  b run -d --name donor busybox /probe sleep 600 >/dev/null
  run b run --rm --ipc container:donor busybox sh -c \
    "/probe sysv-shm-create $key 4096 && /probe sysv-sem-create $key && /probe sysv-msg-create $key && /probe mq-create /sc$key"
  assert_success
  for kind in sysv-shm sysv-sem sysv-msg; do
    run b exec donor /probe "$kind-visible" "$key"
    assert_equal "$output" visible
  done
  run b exec donor /probe mq-visible "/sc$key"
  assert_equal "$output" visible
  b rm -f donor >/dev/null
}

@test "seccomp=FILE replaces the default profile" {
  # Docker's profile format: everything allowed but keyctl, which fails with ENOKEY (126).
  cat >"$BATS_TEST_TMPDIR/p.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["keyctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 126}]}
EOF
  run b run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" busybox /probe syscall "${KEYCTL[@]}"
  assert_equal "$output" "errno 126 ENOKEY"
  run b run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" busybox /probe syscall 239 0 0 0 0 0
  assert_equal "$output" "ok 0"
}

@test "seccomp=FILE is read at create and kept with the container, as docker's CLI embeds it" {
  echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["keyctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 126}]}' \
    >"$BATS_TEST_TMPDIR/p.json"
  b create --name kept --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" busybox /probe syscall "${KEYCTL[@]}" >/dev/null
  rm "$BATS_TEST_TMPDIR/p.json"  # start does not need it any more
  run b start -a kept
  assert_equal "$output" "errno 126 ENOKEY"
  assert_equal "$(b inspect -f '{{json .HostConfig.SecurityOpt}}' kept)" \
    '["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":126,\"names\":[\"keyctl\"]}]}"]'
  b rm kept >/dev/null
  run b run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/p.json" busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "opening seccomp profile ($BATS_TEST_TMPDIR/p.json) failed: open $BATS_TEST_TMPDIR/p.json: no such file or directory"
  echo 'nope' >"$BATS_TEST_TMPDIR/bad.json"
  run b run --rm --security-opt "seccomp=$BATS_TEST_TMPDIR/bad.json" busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "compacting json for seccomp profile ($BATS_TEST_TMPDIR/bad.json) failed"
  assert_equal "$(b ps -aq)" ""
}
