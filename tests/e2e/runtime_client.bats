#!/usr/bin/env bats
# berth with an external OCI runtime (--runtime runc, --runtime PATH to berth-runtime): the same
# run, logs, stop, kill, exit codes, restart, exec, terminal and IPC sharing as in-process, and
# nothing left behind (no runtime state under <runroot>/runtimes).

bats_require_minimum_version 1.5.0  # run -127

load helpers
load berth_helpers

setup() {
  setup_with_busybox
  RUNC=$(command -v runc || true)
  EXTERNAL=("$BERTH_BUILD/bin/berth-runtime")
  [ -n "$RUNC" ] && EXTERNAL=(runc "${EXTERNAL[@]}")
}

# The runtime's --root for the runtime named $1 (a name or a path).
runtime_state_dir() { echo "$BERTH_RUNROOT/runtimes/$(basename "$1")"; }

# No container state left in any external runtime's root.
assert_no_runtime_state() {
  local dir left
  for dir in "$BERTH_RUNROOT"/runtimes/*; do
    [ -d "$dir" ] || continue
    left=$(ls -A "$dir" | grep -vx '.seccomp-cache' || true)  # a cache, not container state
    [ -z "$left" ] || fail "runtime state left in $dir: $left"
  done
}

requires_runc() { [ -n "$RUNC" ] || skip "runc not installed"; }

@test "run --rm: output, exit code, and the runtime shown in inspect" {
  local rt
  for rt in "${EXTERNAL[@]}"; do
    run b run --rm --runtime "$rt" busybox sh -c 'echo out; echo err >&2; exit 3'
    [ "$status" -eq 3 ] || fail "$rt: status $status: $output"
    assert_output_contains out
    assert_output_contains err
    assert_equal "$(b ps -aq)" ""
  done
  b create --name c1 --runtime "${EXTERNAL[0]}" busybox true >/dev/null
  assert_equal "$(b inspect -f '{{.HostConfig.Runtime}}' c1)" "${EXTERNAL[0]}"
  b create --name c2 busybox true >/dev/null
  assert_equal "$(b inspect -f '{{.HostConfig.Runtime}}' c2)" berth
  assert_no_runtime_state
}

@test "run -d, logs, stop, rm: the runtime's state is removed" {
  local rt
  for rt in "${EXTERNAL[@]}"; do
    b run -d --name web --runtime "$rt" busybox sh -c 'echo hello; echo oops >&2; sleep 100' >/dev/null
    sleep 0.3
    assert_equal "$(b inspect -f '{{.State.Status}}' web)" running
    [ -d "$(runtime_state_dir "$rt")/$(b inspect -f '{{.Id}}' web)" ] || fail "$rt keeps no state for web"
    run b logs web
    assert_output_contains hello
    assert_output_contains oops
    run b top web
    assert_output_contains "sleep 100"
    run b stop -t 1 web
    assert_success
    assert_equal "$(b inspect -f '{{.State.Status}} {{.State.ExitCode}}' web)" "exited 137"
    b rm web >/dev/null
    assert_no_runtime_state
  done
}

@test "kill -s reaches the init; exit codes come back" {
  local rt
  for rt in "${EXTERNAL[@]}"; do
    # PID 1 ignores signals it has no handler for: give it one.
    b run -d --name kk --runtime "$rt" busybox sh -c 'trap "exit 9" USR1; while true; do sleep 0.1; done' >/dev/null
    sleep 0.3
    b kill -s USR1 kk >/dev/null
    assert_equal "$(b wait kk)" 9
    run b kill kk
    assert_failure
    assert_output_contains "is not running"
    b run --name three --runtime "$rt" busybox sh -c 'exit 3' || true
    assert_equal "$(b inspect -f '{{.State.ExitCode}}' three)" 3
    b rm kk three >/dev/null
  done
  assert_no_runtime_state
}

@test "command not found is 127, not executable is 126, as one line" {
  local rt
  for rt in "${EXTERNAL[@]}"; do
    run -127 b run --rm --runtime "$rt" busybox /no/such/binary
    [ "$status" -eq 127 ] || fail "$rt: status $status: $output"
    assert_equal "$(wc -l <<<"$output")" 1
    assert_output_contains '/no/such/binary'
    run -126 b run --rm --runtime "$rt" busybox /etc/passwd
    [ "$status" -eq 126 ] || fail "$rt: status $status: $output"
    assert_equal "$(b ps -aq)" ""
  done
  assert_no_runtime_state
}

@test "restart policy on-failure:2 restarts twice then stops" {
  local rt
  for rt in "${EXTERNAL[@]}"; do
    b run -d --name flaky --runtime "$rt" --restart on-failure:2 busybox sh -c 'echo try; exit 3' >/dev/null
    for _ in $(seq 100); do
      [ "$(b inspect -f '{{.State.Status}} {{.RestartCount}}' flaky)" = "exited 2" ] && break
      sleep 0.1
    done
    assert_equal "$(b inspect -f '{{.RestartCount}} {{.State.ExitCode}}' flaky)" "2 3"
    assert_equal "$(b logs flaky | grep -c try)" 3
    b rm flaky >/dev/null
  done
  assert_no_runtime_state
}

@test "exec: foreground code, env and cwd, detached, and a missing command" {
  local rt
  for rt in "${EXTERNAL[@]}"; do
    b run -d --name ex --runtime "$rt" busybox sleep 100 >/dev/null
    run b exec -e X=1 -w /tmp ex sh -c 'echo $X $(pwd); exit 4'
    [ "$status" -eq 4 ] || fail "$rt: status $status: $output"
    assert_output_contains "1 /tmp"
    run b exec -u nobody ex id -u
    assert_output_contains 65534
    b exec -d ex sh -c 'echo detached > /tmp/mark'
    sleep 0.3
    run b exec ex cat /tmp/mark
    assert_equal "$output" detached
    run b exec ex /no/such
    assert_failure
    assert_output_contains '/no/such'
    b rm -f ex >/dev/null
  done
  assert_no_runtime_state
}

@test "--ipc container: across runtimes: a berth donor and a runc joiner share SysV memory" {
  requires_runc
  local key=$((0x4246000 + RANDOM))
  b run -d --name donor busybox /probe sleep 600 >/dev/null
  b run -d --name joiner --runtime runc --ipc container:donor busybox /probe sleep 600 >/dev/null
  b run -d --name other --runtime runc busybox /probe sleep 600 >/dev/null
  b exec donor /probe sysv-shm-create "$key" 4096 >/dev/null
  run b exec joiner /probe sysv-shm-visible "$key"
  assert_success
  run b exec other /probe sysv-shm-visible "$key"
  assert_failure
  assert_equal "$(b inspect -f '{{.Ipc.Namespace}}' joiner)" "$(b inspect -f '{{.Ipc.Namespace}}' donor)"
  b rm -f joiner other donor >/dev/null
  assert_no_runtime_state
}

@test "run -it and exec -it with runc: the pty comes through the console socket" {
  requires_runc
  local cmd="$BERTH --root $BERTH_ROOT --runroot $BERTH_RUNROOT --cgroup-parent /$ID_TAG"
  run script -qec "$cmd run -it --rm --runtime runc busybox sh" /dev/null < <(printf 'test -t 0 && test -t 1 && echo tty-ok\nexit 3\n')
  [ "$status" -eq 3 ] || fail "status $status: $output"
  assert_output_contains tty-ok
  b run -d -t --name dt --runtime runc busybox sh -c 'test -t 1 && echo detached-tty; sleep 100' >/dev/null
  run script -qec "$cmd exec -it dt sh" /dev/null < <(printf 'test -t 0 && echo exec-tty-ok\nexit 5\n')
  [ "$status" -eq 5 ] || fail "status $status: $output"
  assert_output_contains exec-tty-ok
  run b logs dt
  assert_output_contains detached-tty
  b rm -f dt >/dev/null
  [ -z "$(ls -A "$BERTH_RUNROOT/console" 2>/dev/null)" ] || fail "console socket left"
  assert_no_runtime_state
}

@test "exec -it with runc: ctrl-p ctrl-q detaches, the process runs on under its keeper" {
  requires_runc
  command -v tmux >/dev/null || skip "tmux not installed"
  local cmd="$BERTH --root $BERTH_ROOT --runroot $BERTH_RUNROOT --cgroup-parent /$ID_TAG"
  local session="berth-$ID_TAG" i
  b run -d --name xr --runtime runc busybox sleep 1000 >/dev/null
  tmux new-session -d -s "$session" -x 80 -y 24 "$cmd exec -it xr sh; echo client-exit=\$?; sleep 30"
  for i in $(seq 50); do tmux capture-pane -p -t "$session" | grep -q '#' && break; sleep 0.1; done
  tmux send-keys -t "$session" 'echo "in-$((6*7))"' Enter
  for i in $(seq 50); do tmux capture-pane -p -t "$session" | grep -q in-42 && break; sleep 0.1; done
  tmux send-keys -t "$session" C-p C-q
  for i in $(seq 50); do tmux capture-pane -p -t "$session" | grep -q client-exit=1 && break; sleep 0.1; done
  run tmux capture-pane -p -t "$session"
  tmux kill-session -t "$session"
  assert_output_contains "read escape sequence"
  assert_output_contains "client-exit=1"
  run b top xr
  assert_output_contains " sh"
  b rm -f xr >/dev/null
  for i in $(seq 50); do pgrep -f -- "--cgroup-parent /$ID_TAG exec -it xr" >/dev/null || break; sleep 0.1; done
  if pgrep -f -- "--cgroup-parent /$ID_TAG exec -it xr" >/dev/null; then fail "keeper left"; fi
  [ -z "$(ls -A "$BERTH_RUNROOT/console" 2>/dev/null)" ] || fail "console socket or pid file left"
  assert_no_runtime_state
}

@test "the default runtime: --default-runtime and default_runtime in berth.conf; --runtime wins" {
  local rt=${EXTERNAL[0]}
  b --default-runtime "$rt" create --name ca busybox true >/dev/null
  assert_equal "$(b inspect -f '{{.HostConfig.Runtime}}' ca)" "$rt"
  printf 'default_runtime = %s\n' "$rt" >"$TEST_DIR/berth.conf"
  b --config "$TEST_DIR/berth.conf" create --name cb busybox true >/dev/null
  assert_equal "$(b inspect -f '{{.HostConfig.Runtime}}' cb)" "$rt"
  b --config "$TEST_DIR/berth.conf" create --name cc --runtime berth busybox true >/dev/null
  assert_equal "$(b inspect -f '{{.HostConfig.Runtime}}' cc)" berth
  run b --config "$TEST_DIR/berth.conf" start -a cb
  assert_success
}

@test "an unknown runtime: docker's error, exit 125, nothing created" {
  run b run --rm --runtime no-such-runtime busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_equal "$output" "berth: unknown or invalid runtime name: no-such-runtime"
  run b create --runtime /etc/passwd busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "unknown or invalid runtime name: /etc/passwd"
  run b --default-runtime nope run busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_equal "$(b ps -aq)" ""
}

@test "a killed monitor: rm -f still removes the runtime's state" {
  requires_runc
  b run -d --name orphan --runtime runc busybox sleep 100 >/dev/null
  local monitor
  monitor=$(pgrep -f "berth-monitor .* $(b inspect -f '{{.Id}}' orphan)")
  kill -9 "$monitor"
  sleep 0.2
  b rm -f orphan >/dev/null
  assert_equal "$(b ps -aq)" ""
  assert_no_runtime_state
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
