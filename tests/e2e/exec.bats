#!/usr/bin/env bats
# exec: a new process in a running container with its args, env, cwd, user, a process.json,
# its exit code, --detach, and the states in which exec is refused.

load helpers

setup() {
  e2e_setup
  make_bundle
  ID=$(cid c)
  rt_run_d "$ID"
}

@test "exec runs the command in the container's namespaces" {
  run rt exec "$ID" /probe ns
  assert_success
  local init
  init=$(stat -L -c %i "/proc/$(container_pid "$ID")/ns/pid")
  assert_equal "$(ns_inode "$output" pid)" "$init"
  init=$(stat -L -c %i "/proc/$(container_pid "$ID")/ns/mnt")
  assert_equal "$(ns_inode "$output" mnt)" "$init"
}

@test "exec passes arguments through unchanged" {
  run rt exec "$ID" /bin/echo "two words" '$HOME' "*"
  assert_success
  assert_equal "$output" 'two words $HOME *'
}

@test "exec passes the exit code through" {
  run rt exec "$ID" /probe exit 7
  assert_failure 7
  run rt exec "$ID" /bin/true
  assert_success
}

@test "exec --env adds and overrides variables" {
  run rt exec --env FOO=bar --env PATH=/bin "$ID" /bin/env
  assert_success
  assert_output_contains FOO=bar
  grep -qx PATH=/bin <<<"$output" || fail "PATH not overridden: $output"
  assert_output_contains TERM=xterm # from the config's process.env
}

@test "exec --cwd sets the working directory" {
  run rt exec --cwd /tmp "$ID" /probe cwd
  assert_success
  assert_equal "$output" /tmp
}

@test "exec --user sets uid and gid, and --additional-gids the groups" {
  run rt exec --user 1000:1001 --additional-gids 2000 "$ID" /probe ids
  assert_success
  assert_output_contains "uid 1000"
  assert_output_contains "gid 1001"
  grep -q '^groups.* 2000\|^groups 2000' <<<"$output" || fail "$output"
}

@test "exec --process runs a process.json" {
  cat >"$TEST_DIR/process.json" <<'EOF'
{
  "terminal": false,
  "user": {"uid": 65534, "gid": 65534},
  "args": ["/bin/sh", "-c", "echo $GREETING; /probe cwd; /probe ids"],
  "env": ["PATH=/bin", "GREETING=from-process-json"],
  "cwd": "/home"
}
EOF
  run rt exec --process "$TEST_DIR/process.json" "$ID"
  assert_success
  assert_equal "${lines[0]}" from-process-json
  assert_equal "${lines[1]}" /home
  assert_output_contains "uid 65534"
}

@test "exec --detach returns at once and leaves the process running in the container" {
  # Not through `run`: the detached process would hold its output pipe open and hang bats.
  rt exec --detach "$ID" /probe sleep 600 </dev/null >"$TEST_DIR/exec.log" 2>&1
  run rt ps --format json "$ID"
  assert_success
  [ "$(jq length <<<"$output")" -eq 2 ] || fail "processes: $output"
}

@test "exec --pid-file writes the process's host pid" {
  rt exec --detach --pid-file "$TEST_DIR/exec.pid" "$ID" /probe sleep 600 </dev/null >"$TEST_DIR/exec.log" 2>&1
  local pid
  pid=$(cat "$TEST_DIR/exec.pid")
  grep -q 'sleep' "/proc/$pid/cmdline"
}

@test "an exec'd process is in the container's cgroup in every hierarchy" {
  rt exec --detach --pid-file "$TEST_DIR/exec.pid" "$ID" /probe sleep 600 </dev/null >"$TEST_DIR/exec.log" 2>&1
  local pid
  pid=$(cat "$TEST_DIR/exec.pid")
  # The runtime moves it before it runs anything (itself on v1, by clone3 on v2): the host's
  # view of its cgroups is the init's, line for line.
  assert_equal "$(cat "/proc/$pid/cgroup")" "$(cat "/proc/$(container_pid "$ID")/cgroup")"
  grep -q "$ID" "/proc/$pid/cgroup" || fail "not in the container's cgroup: $(cat "/proc/$pid/cgroup")"
}

@test "exec of a missing command fails" {
  run rt exec "$ID" /does-not-exist
  assert_failure
  assert_output_contains "no such file"
}

@test "exec of a non-executable file fails" {
  run rt exec "$ID" /etc/passwd
  assert_failure
  assert_output_contains "permission denied"
}

@test "exec into a paused container is refused" {
  rt pause "$ID"
  run rt exec "$ID" /bin/true
  assert_failure
  assert_output_contains paused
  rt resume "$ID"
}

@test "exec into a stopped container fails" {
  rt kill "$ID" KILL
  wait_status "$ID" stopped
  run rt exec "$ID" /bin/true
  assert_failure
}

@test "exec into a missing container fails" {
  run rt exec "$(cid missing)" /bin/true
  assert_failure
}

@test "exec'd processes are killed with the container" {
  rt exec --detach --pid-file "$TEST_DIR/exec.pid" "$ID" /probe sleep 600 </dev/null >"$TEST_DIR/exec.log" 2>&1
  local pid
  pid=$(cat "$TEST_DIR/exec.pid")
  rt delete --force "$ID"
  local i
  for ((i = 0; i < 40; i++)); do process_gone "$pid" && break; sleep 0.05; done
  process_gone "$pid"
}

@test "exec suite leaked nothing" {
  suite_leak_check
}
