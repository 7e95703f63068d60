#!/usr/bin/env bats
# The container process: user and groups, rlimits, cwd, environment, stdio and exit status.

load helpers

@test "user uid, gid and additionalGids are applied" {
  make_bundle
  cfg '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [2000, 3000]}'
  set_args /probe ids
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_output_contains "uid 1000"
  assert_output_contains "gid 1001"
  assert_output_contains "euid 1000"
  local groups
  groups=$(awk '$1 == "groups" { $1 = ""; print }' <<<"$output")
  [[ " $groups " == *" 2000 "* && " $groups " == *" 3000 "* ]] || fail "groups: $groups"
  [[ " $groups " != *" 0 "* ]] || fail "root group kept: $groups"
}

@test "an unprivileged user has no capabilities left" {
  make_bundle
  cfg '.process.user = {"uid": 65534, "gid": 65534}'
  set_args /probe caps
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  grep -q '^Eff 0000000000000000$' <<<"$output" || fail "$output"
  grep -q '^Prm 0000000000000000$' <<<"$output" || fail "$output"
}

@test "rlimits are applied" {
  make_bundle
  cfg '.process.rlimits = [
      {"type": "RLIMIT_NOFILE", "soft": 1234, "hard": 2345},
      {"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
      {"type": "RLIMIT_NPROC", "soft": 500, "hard": 600}]'
  set_args /bin/sh -c '/probe rlimit NOFILE; /probe rlimit CORE; /probe rlimit NPROC'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$(echo $output)" "soft 1234 hard 2345 soft 0 hard 0 soft 500 hard 600"
}

@test "an unknown rlimit type is rejected" {
  make_bundle
  cfg '.process.rlimits = [{"type": "RLIMIT_BOGUS", "soft": 1, "hard": 1}]'
  set_args /bin/true # a runtime that wrongly accepts it must not hang the test
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
}

@test "the process starts in its cwd, created when missing" {
  make_bundle
  cfg '.process.cwd = "/work/here"'
  set_args /probe cwd
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" /work/here
  [ -d "$BUNDLE/rootfs/work/here" ]
}

@test "a relative cwd is rejected" {
  make_bundle
  cfg '.process.cwd = "relative"'
  set_args /bin/true # a runtime that wrongly accepts it must not hang the test (crun does)
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
}

@test "the environment is exactly the configured one" {
  make_bundle
  cfg '.process.env = ["PATH=/bin", "FOO=bar baz", "EMPTY="]'
  set_args /bin/env
  run env -i HOSTVAR=leak "$RUNTIME" --root "$ROOT_DIR" run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_output_contains "FOO=bar baz"
  assert_output_contains "EMPTY="
  assert_output_lacks HOSTVAR
}

@test "PATH from the config is used to find the command" {
  make_bundle
  cfg '.process.env = ["PATH=/bin"]'
  set_args echo found-by-path
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" found-by-path
}

@test "stdin reaches the container process" {
  make_bundle
  set_args /bin/cat
  run rt run --bundle "$BUNDLE" "$(cid c)" <<<"through-stdin"
  assert_success
  assert_equal "$output" through-stdin
}

@test "stderr of the container process is passed through" {
  make_bundle
  set_args /bin/sh -c 'echo to-stderr >&2'
  run bash -c '"$@" 2>&1 >/dev/null' _ "$RUNTIME" --root "$ROOT_DIR" run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" to-stderr
}

@test "a process killed by a signal reports 128+signal from run" {
  make_bundle
  # Not pid 1 of a namespace: init ignores signals sent from inside its own namespace.
  cfg '.linux.namespaces |= map(select(.type != "pid"))'
  set_args /bin/sh -c 'kill -KILL $$'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure 137
}

@test "the process is pid 1 of a new pid namespace and its parent is outside" {
  make_bundle
  set_args /bin/sh -c 'echo $$ $PPID'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" "1 0"
}

@test "process suite leaked nothing" {
  suite_leak_check
}
