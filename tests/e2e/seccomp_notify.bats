#!/usr/bin/env bats
# linux.seccomp.listenerPath: SCMP_ACT_NOTIFY rules hand their syscalls to a seccomp agent,
# which gets the filter's listener fd and the container process state over a unix socket
# (tests/seccomp_agent: mkdir/mkdirat fail with EDQUOT, anything else continues).

load helpers

AGENT=$BERTH_BUILD/bin/berth-seccomp-agent

setup() {
  e2e_setup
  [ -x "$AGENT" ] || skip "berth-seccomp-agent not built"
  SOCK=$TEST_DIR/agent.sock
  mkdir -p "$TEST_DIR/agent"
  "$AGENT" "$SOCK" "$TEST_DIR/agent" 2>"$TEST_DIR/agent.log" &
  AGENT_PID=$!
  local i
  for i in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.02; done
  [ -S "$SOCK" ] || fail "agent did not listen: $(cat "$TEST_DIR/agent.log")"
  make_bundle
}

extra_cleanup() {
  kill "$AGENT_PID" 2>/dev/null
  wait "$AGENT_PID" 2>/dev/null
  true
}

teardown() { e2e_teardown; }

# notify_profile NNP: getcwd and mkdir/mkdirat go to the agent; no_new_privs as given.
notify_profile() {
  cfg '.process.noNewPrivileges = ($nnp == "true") |
    .linux.seccomp = {
      "defaultAction": "SCMP_ACT_ALLOW",
      "listenerPath": $sock, "listenerMetadata": "tenant=blue",
      "syscalls": [{"names": ["getcwd", "mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}' \
    --arg sock "$SOCK" --arg nnp "$1"
}

wait_state_file() {
  local i
  for i in $(seq 100); do [ -f "$TEST_DIR/agent/state.$1" ] && return 0; sleep 0.02; done
  fail "no state.$1 from the agent: $(ls "$TEST_DIR/agent") $(cat "$TEST_DIR/agent.log")"
}

@test "SCMP_ACT_NOTIFY hands the syscall to the agent, with or without no_new_privs" {
  local nnp id
  for nnp in true false; do
    notify_profile "$nnp"
    set_args /bin/sh -c '/probe syscall-denied mkdir; /probe syscall-denied getcwd; /probe syscall-denied getpid'
    id=$(cid "c$nnp")
    run rt run --bundle "$BUNDLE" "$id" </dev/null
    assert_failure 1 # the last probe reports getpid allowed: it never reached the agent
    assert_equal "${lines[0]}" "denied 122 EDQUOT" # the agent's answer
    assert_equal "${lines[1]}" "allowed"           # the agent let getcwd continue
    assert_equal "${lines[2]}" "allowed"
  done
  [ ! -f "$TEST_DIR/agent/state.3" ] || fail "one connection per container expected"
}

@test "the agent gets the container process state: fds, pid, metadata and the OCI state" {
  notify_profile true
  set_args /probe sleep 600
  local id state pid
  id=$(cid c)
  rt_create "$id"
  # berth-runtime loads the filter just before execve, after start; runc during create.
  if [ "$RUNTIME_NAME" != runc ]; then
    [ ! -f "$TEST_DIR/agent/state.1" ] || fail "state sent before start"
  fi
  rt start "$id"
  wait_state_file 1
  state=$(cat "$TEST_DIR/agent/state.1")
  pid=$(container_pid "$id")
  assert_equal "$(jq -c .fds <<<"$state")" '["seccompFd"]'
  assert_equal "$(jq -r .pid <<<"$state")" "$pid"
  assert_equal "$(jq -r .metadata <<<"$state")" "tenant=blue"
  assert_equal "$(jq -r .state.id <<<"$state")" "$id"
  assert_equal "$(jq -r .state.pid <<<"$state")" "$pid"
  assert_equal "$(jq -r .state.bundle <<<"$state")" "$BUNDLE"
  jq -e '.ociVersion | startswith("1.")' <<<"$state" >/dev/null || fail "$state"
}

@test "an exec'd process's filter goes to the agent too" {
  notify_profile true
  set_args /probe sleep 600
  local id state
  id=$(cid c)
  rt_run_d "$id"
  wait_state_file 1
  run rt exec "$id" /probe syscall-denied mkdir
  assert_success
  assert_equal "$output" "denied 122 EDQUOT"
  wait_state_file 2
  state=$(cat "$TEST_DIR/agent/state.2")
  assert_equal "$(jq -r .state.id <<<"$state")" "$id"
  assert_equal "$(jq -r .state.status <<<"$state")" running
  [ "$(jq -r .pid <<<"$state")" != "$(container_pid "$id")" ] || fail "exec reported the init's pid"
}

@test "create fails naming listenerPath when no agent listens, and leaves nothing" {
  kill "$AGENT_PID"
  wait "$AGENT_PID" 2>/dev/null || true
  rm -f "$SOCK"
  notify_profile true
  run rt create --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  [ "$RUNTIME_NAME" = runc ] || assert_output_contains "linux.seccomp.listenerPath"
  assert_output_contains "$SOCK"
  assert_equal "$(rt list -q)" ""
}

@test "SCMP_ACT_NOTIFY on sendmsg, or without a listenerPath, is refused naming the field" {
  [ "$RUNTIME_NAME" != runc ] || skip "runc 1.1 checks neither at create"
  cfg '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": $sock,
      "syscalls": [{"names": ["getcwd", "sendmsg"], "action": "SCMP_ACT_NOTIFY"}]}' --arg sock "$SOCK"
  run rt create --bundle "$BUNDLE" "$(cid a)" </dev/null
  assert_failure
  assert_output_contains "linux.seccomp.syscalls[0].names[1]"
  cfg 'del(.linux.seccomp.listenerPath) | .linux.seccomp.syscalls[0].names = ["getcwd"]'
  run rt create --bundle "$BUNDLE" "$(cid b)" </dev/null
  assert_failure
  assert_output_contains "linux.seccomp.listenerPath"
  assert_equal "$(rt list -q)" ""
  [ ! -f "$TEST_DIR/agent/state.1" ] || fail "the agent was contacted"
}

@test "seccomp_notify suite leaked nothing" {
  suite_leak_check
}
