#!/usr/bin/env bats
# berth run -it and exec -it with a real terminal (script(1) and tmux): the container sees a tty,
# gets our input, our window size, and ^C as an interrupt; the exit code comes back; the detach
# keys leave attach, start -ai and run -it.

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

# tmux_client SESSION COMMAND: runs COMMAND in an 80x24 tmux pane, which prints
# "client-exit=<status>" once it ends; gives the client a moment to attach.
tmux_client() {
  tmux new-session -d -s "$1" -x 80 -y 24 "$2; echo \"client-exit=\$?\"; sleep 30"
  sleep 0.7
}

pane() { tmux capture-pane -p -t "$1"; }

# wait_pane SESSION TEXT: until the pane shows TEXT (5 s at most).
wait_pane() {
  for _ in $(seq 50); do pane "$1" | grep -qF -- "$2" && return 0; sleep 0.1; done
  fail "pane never showed '$2': $(pane "$1")"
}

# detach_quietly SESSION NAME: ctrl-p ctrl-q in the client of SESSION ends it with status 0 and
# no message (docker's start and run), and the container NAME runs on.
detach_quietly() {
  tmux send-keys -t "$1" C-p C-q
  wait_pane "$1" "client-exit=0"
  pane "$1" | grep -q "read escape sequence" && fail "docker says nothing on this detach: $(pane "$1")"
  tmux kill-session -t "$1"
  assert_equal "$(b inspect -f '{{.State.Running}}' "$2")" true
}

@test "attach -t: ctrl-p ctrl-q detaches (docker's message and status 1), the container runs on" {
  command -v tmux >/dev/null || skip "tmux not installed"
  import_busybox
  b run -dit --name dt busybox sh >/dev/null
  local session="berth-$ID_TAG"
  tmux_client "$session" "$(berth_cmd) attach dt"
  tmux send-keys -t "$session" 'echo "in-$((6*7))"' Enter
  wait_pane "$session" "in-42"
  tmux send-keys -t "$session" C-p C-q
  wait_pane "$session" "client-exit=1"
  pane "$session" | grep -q "read escape sequence" || fail "no message: $(pane "$session")"
  tmux kill-session -t "$session"
  assert_equal "$(b inspect -f '{{.State.Running}}' dt)" true
  # Attached again, the shell is still there and its exit ends the client with its code.
  tmux_client "$session" "$(berth_cmd) attach dt"
  tmux send-keys -t "$session" 'exit 6' Enter
  wait_pane "$session" "client-exit=6"
  tmux kill-session -t "$session"
}

@test "exec -it: ctrl-p ctrl-q detaches (docker's message, status 1); the process runs on, still answering" {
  command -v tmux >/dev/null || skip "tmux not installed"
  import_busybox
  b run -d --name xd busybox sleep 1000 >/dev/null
  local session="berth-$ID_TAG"
  # The shell writes a line a second: after the detach, nobody reads its terminal, yet it must
  # not block (its keeper drains the output) and must not be hung up.
  tmux_client "$session" "$(berth_cmd) exec -it xd sh -c 'echo in-\$((6*7)); while :; do echo tick; sleep 1; done'"
  wait_pane "$session" "in-42"
  tmux send-keys -t "$session" C-p C-q
  wait_pane "$session" "client-exit=1"
  pane "$session" | grep -q "read escape sequence" || fail "no message: $(pane "$session")"
  tmux kill-session -t "$session"
  sleep 2
  run b top xd
  assert_success
  assert_output_contains "while :"
  # A custom sequence works too, and a keeper whose process exits ends with it.
  tmux_client "$session" "$(berth_cmd) exec -it --detach-keys ctrl-a,x xd sh"
  tmux send-keys -t "$session" 'echo "two-$((2*3))"' Enter
  wait_pane "$session" "two-6"
  tmux send-keys -t "$session" 'exit 4' Enter
  wait_pane "$session" "client-exit=4"
  tmux kill-session -t "$session"
  # The detached shell's keeper (a berth process of its own, outside the container) ends when
  # the container does.
  pgrep -f -- "--cgroup-parent /$ID_TAG exec -it xd" >/dev/null || fail "no keeper while the shell runs"
  b rm -f xd >/dev/null
  local i
  for i in $(seq 50); do pgrep -f -- "--cgroup-parent /$ID_TAG exec -it xd" >/dev/null || break; sleep 0.1; done
  if pgrep -f -- "--cgroup-parent /$ID_TAG exec -it xd" >/dev/null; then fail "keeper left: $(pgrep -af -- "/$ID_TAG exec")"; fi
}

@test "attach --detach-keys and berth.conf's detach_keys: a custom sequence detaches; a partial one reaches the container" {
  command -v tmux >/dev/null || skip "tmux not installed"
  import_busybox
  # cat -v shows control bytes as ^X: what the container received.
  b run -dit --name dk busybox cat -v >/dev/null
  local session="berth-$ID_TAG"
  tmux_client "$session" "$(berth_cmd) attach --detach-keys ctrl-a,x dk"
  # ctrl-a then y: not the sequence, so both bytes go on; ctrl-p ctrl-p is not it either.
  tmux send-keys -t "$session" C-a y C-p C-p z Enter
  wait_pane "$session" "^Ay^P^Pz"
  tmux send-keys -t "$session" C-a x
  wait_pane "$session" "client-exit=1"
  tmux kill-session -t "$session"
  assert_equal "$(b inspect -f '{{.State.Running}}' dk)" true
  # The same keys from berth.conf; the flag would win over them.
  printf 'detach_keys = ctrl-a,x\n' >"$TEST_DIR/berth.conf"
  tmux_client "$session" "$(berth_cmd) --config $TEST_DIR/berth.conf attach dk"
  tmux send-keys -t "$session" C-p C-q
  sleep 0.5
  pane "$session" | grep -q client-exit && fail "ctrl-p ctrl-q detached: $(pane "$session")"
  tmux send-keys -t "$session" C-a x
  wait_pane "$session" "client-exit=1"
  tmux kill-session -t "$session"
  assert_equal "$(b inspect -f '{{.State.Running}}' dk)" true
}

@test "start -ai with a tty: input reaches the container; ctrl-p ctrl-q detaches with status 0" {
  command -v tmux >/dev/null || skip "tmux not installed"
  import_busybox
  b create -it --name st busybox sh >/dev/null
  local session="berth-$ID_TAG"
  tmux_client "$session" "$(berth_cmd) start -ai st"
  tmux send-keys -t "$session" 'echo "size: $(stty size)"' Enter
  wait_pane "$session" "size: 24 80"
  detach_quietly "$session" st
}

@test "run -it: ctrl-p ctrl-q detaches with status 0 and the container runs on; --rm removes it at its exit" {
  command -v tmux >/dev/null || skip "tmux not installed"
  import_busybox
  local session="berth-$ID_TAG"
  tmux_client "$session" "$(berth_cmd) run -it --rm --name rd busybox sh"
  tmux send-keys -t "$session" 'echo "in-$((6*7))"' Enter
  wait_pane "$session" "in-42"
  detach_quietly "$session" rd
  # Attached again, the same shell; its exit ends the client with its code and --rm removes it.
  tmux_client "$session" "$(berth_cmd) attach rd"
  tmux send-keys -t "$session" 'exit 4' Enter
  wait_pane "$session" "client-exit=4"
  tmux kill-session -t "$session"
  for _ in $(seq 50); do b inspect rd >/dev/null 2>&1 || break; sleep 0.1; done
  run b inspect rd
  assert_failure
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
