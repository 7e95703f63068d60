#!/usr/bin/env bats
# Security: masked and read-only paths, capability sets, no_new_privs, seccomp with errnoRet,
# and no file descriptor leaking into the container (CVE-2024-21626).

load helpers

# cap_set OUTPUT SET: the hex mask of SET (Inh, Prm, Eff, Bnd, Amb) from `probe caps`.
cap_set() { awk -v s="$2" '$1 == s { print $2 }' <<<"$1"; }


@test "masked paths read as empty: files masked by /dev/null, directories by an empty tmpfs" {
  make_bundle
  mkdir -p "$BUNDLE/rootfs/secret-dir"
  echo top-secret >"$BUNDLE/rootfs/etc/secret"
  echo top-secret >"$BUNDLE/rootfs/secret-dir/file"
  cfg '.linux.maskedPaths += ["/etc/secret", "/secret-dir", "/does/not/exist"]'
  set_args /bin/sh -c 'echo "secret=$(cat /etc/secret)"; echo "dir=$(ls /secret-dir | wc -l)"
    echo "firmware=$(ls /sys/firmware | wc -l)"; /probe stat /etc/secret'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "${lines[0]}" secret=
  assert_equal "${lines[1]}" dir=0
  assert_equal "${lines[2]}" firmware=0
  assert_equal "${lines[3]}" "type chardev"
}

@test "masked files cannot be written through" {
  make_bundle
  echo top-secret >"$BUNDLE/rootfs/etc/secret"
  cfg '.linux.maskedPaths += ["/etc/secret"]'
  set_args /bin/sh -c '/probe write-file /etc/secret overwritten; true'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_equal "$(cat "$BUNDLE/rootfs/etc/secret")" top-secret
}

@test "read-only paths refuse writes" {
  make_bundle
  mkdir -p "$BUNDLE/rootfs/data"
  cfg '.linux.readonlyPaths += ["/data"]'
  set_args /bin/sh -c '/probe write-file /data/x; /probe write-file /proc/sys/kernel/hostname evil; true'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "${lines[0]}" "error open EROFS"
  assert_equal "${lines[1]}" "error open EROFS"
  [ ! -e "$BUNDLE/rootfs/data/x" ]
}

@test "the process gets exactly the configured capability sets" {
  make_bundle
  # CAP_CHOWN (0), CAP_KILL (5), CAP_NET_BIND_SERVICE (10). Effective equals permitted: exec as
  # uid 0 raises effective to permitted anyway (legacy root semantics), so that is all we check.
  cfg '.process.capabilities = {
      "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_KILL", "CAP_CHOWN"],
      "permitted": ["CAP_KILL", "CAP_CHOWN"],
      "inheritable": [],
      "ambient": []}'
  set_args /probe caps
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$(cap_set "$output" Bnd)" 0000000000000421
  assert_equal "$(cap_set "$output" Eff)" 0000000000000021
  assert_equal "$(cap_set "$output" Prm)" 0000000000000021
  assert_equal "$(cap_set "$output" Inh)" 0000000000000000
  assert_equal "$(cap_set "$output" Amb)" 0000000000000000
}

@test "a dropped capability is enforced: chown fails without CAP_CHOWN" {
  make_bundle
  cfg '.process.capabilities = {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]}'
  set_args /bin/sh -c 'touch /tmp/f && chown 65534 /tmp/f'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  assert_output_contains "not permitted"
}

@test "noNewPrivileges sets no_new_privs" {
  make_bundle
  set_args grep NoNewPrivs /proc/self/status
  cfg '.process.noNewPrivileges = true'
  run rt run --bundle "$BUNDLE" "$(cid a)" </dev/null
  assert_success
  [[ "$output" =~ NoNewPrivs:[[:space:]]+1 ]] || fail "$output"
  cfg '.process.noNewPrivileges = false'
  run rt run --bundle "$BUNDLE" "$(cid b)" </dev/null
  assert_success
  [[ "$output" =~ NoNewPrivs:[[:space:]]+0 ]] || fail "$output"
}

@test "seccomp denies a syscall with the configured errnoRet" {
  make_bundle
  cfg '.linux.seccomp = {
      "defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64"],
      "syscalls": [
        {"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 42},
        {"names": ["mkdirat", "mkdir"], "action": "SCMP_ACT_ERRNO"}]}'
  set_args /bin/sh -c '/probe syscall-denied getcwd; /probe syscall-denied mkdir; /probe syscall-denied getpid'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure 1 # the last probe reports getpid allowed
  assert_equal "${lines[0]}" "denied 42 ENOMSG"
  assert_equal "${lines[1]}" "denied 1 EPERM"
  assert_equal "${lines[2]}" allowed
}

@test "seccomp with a default errno action and an allow list" {
  make_bundle
  # Everything the probe and the runtime's final exec need, then deny the rest with ENOSYS.
  cfg '.linux.seccomp = {
      "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
      "syscalls": [{"action": "SCMP_ACT_ALLOW", "names": [
        "execve", "brk", "arch_prctl", "set_tid_address", "set_robust_list", "rseq", "prlimit64",
        "mmap", "munmap", "mprotect", "uname", "readlink", "getrandom", "newfstatat", "fstat",
        "write", "exit_group", "exit", "futex", "rt_sigaction", "rt_sigprocmask", "getpid",
        "close", "ioctl", "fcntl", "futex", "capget", "capset", "prctl", "setgroups", "setuid",
        "setgid", "setresuid", "setresgid", "getppid", "chdir", "fchdir", "openat", "read",
        "epoll_pwait", "nanosleep", "clock_nanosleep", "sched_yield", "sigaltstack", "tgkill",
        "gettid", "getuid", "getgid", "geteuid", "getegid", "close_range", "statx", "lseek",
        "fstatfs", "statfs", "getdents64", "access", "faccessat", "faccessat2", "pread64",
        "writev", "dup", "dup2", "dup3", "madvise", "sched_getaffinity", "mremap",
        "rt_sigreturn", "restart_syscall", "wait4", "kill", "pipe2", "ppoll", "pselect6"]}]}'
  set_args /probe syscall-denied getcwd
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" "denied 38 ENOSYS"
}

@test "no file descriptor beyond stdio leaks into the container process (CVE-2024-21626)" {
  make_bundle
  set_args /bin/sh -c '/probe fds; /probe cwd'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" /
}

@test "no file descriptor leaks into an exec'd process, and its cwd is inside the rootfs" {
  make_bundle
  local id
  id=$(cid c)
  rt_run_d "$id"
  run rt exec "$id" /probe fds
  assert_success
  assert_equal "$output" ""
  run rt exec --cwd /tmp "$id" /probe cwd
  assert_success
  assert_equal "$output" /tmp
  # /proc/self/cwd must not point at a host directory through a leaked handle.
  run rt exec "$id" readlink /proc/self/cwd
  assert_success
  assert_equal "$output" /
}

@test "a cwd pointing at a leaked fd path is refused or stays inside the container" {
  # The CVE-2024-21626 exploit sets cwd to /proc/self/fd/N where N was a host directory.
  make_bundle
  local n out
  for n in 3 4 5 6 7 8; do
    cfg '.process.cwd = $c' --arg c "/proc/self/fd/$n"
    set_args /probe cwd
    out=$(rt run --bundle "$BUNDLE" "$(cid "c$n")" </dev/null 2>&1) || continue
    [[ "$out" != /sys/fs/cgroup* && "$out" != "$TEST_DIR"* && "$out" != /tmp* ]] ||
      fail "cwd escaped to $out with fd $n"
  done
}

@test "the container never reaches the runtime binary on the host (CVE-2019-5736)" {
  make_bundle
  local id pid exe before
  id=$(cid c)
  before=$(sha256sum "$RUNTIME" | cut -d' ' -f1)
  rt_create "$id"
  pid=$(container_pid "$id")
  # Until start, the init runs the runtime's code: from a read-only view of the binary (a
  # detached read-only overlay) or a sealed in-memory copy, never from the writable file.
  exe=$(readlink "/proc/$pid/exe")
  [[ "$exe" != "$(readlink -f "$RUNTIME")" ]] || fail "init runs from the host's file $exe"
  if [[ "$exe" != /memfd:* ]]; then
    assert_equal "$(stat -L -f -c %T "/proc/$pid/exe")" overlayfs
  fi
  run sh -c "echo overwritten >>/proc/$pid/exe"
  assert_failure
  [[ "$exe" == /memfd:* ]] || assert_output_contains "Read-only file system"
  # A process in the container that execs /proc/self/exe of the init gets the same copy.
  run rt exec "$id" /bin/sh -c "cat /proc/1/exe >/dev/null && echo x >>/proc/1/exe"
  assert_failure
  rt start "$id"
  rt delete --force "$id"
  assert_equal "$(sha256sum "$RUNTIME" | cut -d' ' -f1)" "$before"
}

@test "a failure deep in setup names the step, path and errno, and leaves nothing behind" {
  make_bundle
  add_mount '{"destination": "/mnt/bad", "type": "no-such-fs", "source": "none"}'
  local id
  id=$(cid c)
  run rt create --bundle "$BUNDLE" "$id" </dev/null
  assert_failure
  assert_output_contains "mounts["
  assert_output_contains "/mnt/bad"
  assert_output_contains "ENODEV"
  run rt state "$id"
  assert_failure
  assert_no_leaks
}

@test "a failing createRuntime hook fails create and leaves nothing behind" {
  make_bundle
  printf '#!/bin/sh\nexit 4\n' >"$TEST_DIR/hook.sh"
  chmod +x "$TEST_DIR/hook.sh"
  cfg '.hooks.createRuntime = [{"path": $p}]' --arg p "$TEST_DIR/hook.sh"
  local id
  id=$(cid c)
  run rt create --bundle "$BUNDLE" "$id" </dev/null
  assert_failure
  assert_output_contains "createRuntime"
  assert_output_contains "exit status 4"
  run rt state "$id"
  assert_failure
  assert_no_leaks
}

@test "security suite leaked nothing" {
  suite_leak_check
}
