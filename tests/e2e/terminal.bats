#!/usr/bin/env bats
# Terminals, inherited fds and the runtime's own logging: the console socket protocol, the
# foreground pty proxy of `run`, --preserve-fds, and --log with --log-format json.

load helpers

@test "--console-socket receives the pty master and the process has a terminal" {
  make_bundle
  cfg '.process.terminal = true'
  set_args /bin/sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo stdio-is-a-tty'
  "$PROBE" console-receive "$TEST_DIR/console.sock" >"$TEST_DIR/console.out" &
  local receiver=$!
  for _ in $(seq 50); do [ -S "$TEST_DIR/console.sock" ] && break; sleep 0.1; done
  local id
  id=$(cid c)
  rt create --bundle "$BUNDLE" --console-socket "$TEST_DIR/console.sock" "$id" </dev/null
  rt start "$id"
  wait_status "$id" stopped
  rt delete "$id"
  wait "$receiver"
  run cat "$TEST_DIR/console.out"
  assert_output_matches '^tty /dev/pts/[0-9]+'
  assert_output_contains "/dev/pts/"
  assert_output_contains "stdio-is-a-tty"
}

@test "a terminal without a console socket is refused for a detached container" {
  make_bundle
  cfg '.process.terminal = true'
  run rt create --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  assert_output_contains "console socket"
}

@test "run in the foreground proxies a terminal from a real pty" {
  [ "$(basename "$RUNTIME")" = berth-runtime ] || skip "the foreground pty proxy is berth-runtime's"
  make_bundle
  cfg '.process.terminal = true'
  set_args /bin/sh -c 'tty; read line; echo "got $line"'
  # script(1) gives the runtime a real terminal on stdin and stdout.
  run script -qec "echo hello | $RUNTIME --root $ROOT_DIR run --bundle $BUNDLE $(cid c)" /dev/null
  assert_success
  assert_output_contains "/dev/pts/"
  assert_output_contains "got hello"
}

@test "--preserve-fds passes extra fds from 3 on, and no others" {
  make_bundle
  set_args /probe fds
  echo data >"$TEST_DIR/passed"
  # probe fds lists the fds beyond stdio (and exits 1 when there are any).
  run rt run --preserve-fds 1 --bundle "$BUNDLE" "$(cid c)" 3<"$TEST_DIR/passed" 4<"$TEST_DIR/passed" </dev/null
  assert_output_matches '^3 '
  ! grep -q '^4 ' <<<"$output" || fail "fd 4 leaked: $output"
}

@test "--log with --log-format json writes errors as JSON lines" {
  make_bundle
  set_args /no/such/program
  run rt --log "$TEST_DIR/runtime.log" --log-format json create --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  run jq -r 'select(.level == "error") | .msg' "$TEST_DIR/runtime.log"
  assert_success
  assert_output_contains "/no/such/program"
}

@test "terminal suite leaked nothing" {
  suite_leak_check
}
