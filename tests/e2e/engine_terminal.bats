#!/usr/bin/env bats
# berth run -it and exec -it with a real terminal (script(1) and tmux): the container sees a tty,
# gets our input, our window size, and ^C as an interrupt; the exit code comes back.

load helpers
load berth_helpers

berth_cmd() { echo "$BERTH --root $BERTH_ROOT --runroot $BERTH_RUNROOT --cgroup-parent /$ID_TAG"; }

@test "run -it: the container's stdin and stdout are a terminal and our input reaches it" {
  import_busybox
  # script(1) gives berth a terminal; the input is typed into that terminal.
  run script -qec "$(berth_cmd) run -it --rm busybox sh" /dev/null < <(printf 'test -t 0 && test -t 1 && echo tty-ok\nexit 3\n')
  [ "$status" -eq 3 ] || fail "status $status: $output"
  assert_output_contains "tty-ok"
}

@test "run -it: window size and ^C reach the container (tmux)" {
  command -v tmux >/dev/null || skip "tmux not installed"
  import_busybox
  local session="berth-$ID_TAG"
  tmux new-session -d -s "$session" -x 91 -y 27 "$(berth_cmd) run -it --name tt busybox sh"
  for _ in $(seq 50); do b ps --format '{{.Names}}' | grep -q tt && break; sleep 0.1; done
  sleep 0.3
  tmux send-keys -t "$session" 'echo "size: $(stty size)"; sleep 100' Enter
  sleep 0.5
  tmux send-keys -t "$session" C-c
  sleep 0.3
  tmux send-keys -t "$session" 'echo "after-int $((40+2))"' Enter
  sleep 0.5
  run tmux capture-pane -p -t "$session"
  assert_output_contains "after-int 42"
  assert_output_contains "size: 27 91"
  tmux send-keys -t "$session" 'exit 0' Enter
  for _ in $(seq 50); do tmux has-session -t "$session" 2>/dev/null || break; sleep 0.1; done
  tmux kill-session -t "$session" 2>/dev/null || true
  assert_equal "$(b inspect -f '{{.State.ExitCode}}' tt)" 0
}

@test "exec -it: a terminal inside a running container" {
  import_busybox
  b run -d --name ex busybox sleep 100 >/dev/null
  run script -qec "$(berth_cmd) exec -it ex sh" /dev/null < <(printf 'test -t 0 && echo exec-tty-ok\nexit 5\n')
  [ "$status" -eq 5 ] || fail "status $status: $output"
  assert_output_contains "exec-tty-ok"
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
