#!/usr/bin/env bats
# The book's chapter 6 program (examples/ch6_ipc, build/bin/ipc) between two host processes, no
# containers: producer and consumer agree over every transport; the consumer's failure sentence
# when there is no producer; producer and consumer as different users (root and nobody) with a
# umask of 077; SIGTERM/SIGINT remove the producer's objects; a waiting consumer burns no CPU;
# and every test leaves no queue, segment, semaphore set or /dev/shm file behind.

load helpers

IPC=$BERTH_BUILD/bin/ipc
TRANSPORTS=(mqueue sysv-msg sysv-shm posix-shm)
SENTENCE='Either the producer has not been started or maybe I cannot access the same memory...'
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

setup() {
  e2e_setup
  [ -x "$IPC" ] || skip "ipc not built (cmake --build build --target ipc)"
  OURS=()
}

teardown() {
  local pid leftovers
  for pid in "${OURS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${OURS[@]}"; do wait "$pid" 2>/dev/null || true; done
  leftovers=$(ipc_leftovers)
  [ -z "$leftovers" ] || remove_leftovers
  e2e_teardown
  [ -z "$leftovers" ] || fail "left behind:" $leftovers
}

# ---------------------------------------------------------------------------------------------
# Processes: ipc runs in $TEST_DIR (so the leak check would find a stray one) with umask 077,
# which the producer must not let narrow its objects' mode.

# as USER COMMAND...: exec COMMAND as root or nobody.
as() {
  local user=$1
  shift
  cd "$TEST_DIR" || return 1
  umask 077
  if [ "$user" = nobody ]; then exec "${NOBODY[@]}" "$@"; else exec "$@"; fi
}

# start_producer USER TRANSPORT ARGS...: sets PRODUCER; output in $TEST_DIR/producer.{out,err}.
start_producer() {
  local user=$1 transport=$2
  shift 2
  as "$user" "$IPC" -producer --transport "$transport" "$@" \
    >"$TEST_DIR/producer.out" 2>"$TEST_DIR/producer.err" </dev/null 3>&- &
  PRODUCER=$!
  OURS+=("$PRODUCER")
}

# start_consumer USER TRANSPORT: sets CONSUMER; output in $TEST_DIR/consumer.{out,err}.
start_consumer() {
  as "$1" "$IPC" -consumer --transport "$2" \
    >"$TEST_DIR/consumer.out" 2>"$TEST_DIR/consumer.err" </dev/null 3>&- &
  CONSUMER=$!
  OURS+=("$CONSUMER")
}

# wait_for_line FILE PREFIX: until FILE has a line starting with PREFIX (5 s at most).
wait_for_line() {
  local i
  for ((i = 0; i < 100; i++)); do
    grep -q "^$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  fail "no '$2' line in $1: $(cat "$1" "${1%.out}.err" 2>/dev/null)"
}

# expect_exit PID STATUS: our child PID exits (within 10 s) with STATUS. Not in a subshell:
# only this shell can wait for its children.
expect_exit() {
  local i status=0
  for ((i = 0; i < 200; i++)); do
    process_gone "$1" && break
    sleep 0.05
  done
  process_gone "$1" || fail "process $1 still runs after 10 s"
  wait "$1" || status=$?
  [ "$status" -eq "$2" ] || fail "process $1 exited $status, expected $2"
}

# cpu_ticks PID: utime + stime from /proc/PID/stat, in clock ticks.
cpu_ticks() {
  local stat
  read -r stat <"/proc/$1/stat"
  stat=${stat##*) }  # fields after the command name, which may hold spaces
  awk '{ print $12 + $13 }' <<<"$stat"
}

messages() { sed -n "s/^$1: //p" "$2"; }

# exchange TRANSPORT PRODUCER_USER CONSUMER_USER: five messages pass, in order, both exit 0.
exchange() {
  local transport=$1
  start_producer "$2" "$transport" --count 5 --interval 10ms
  wait_for_line "$TEST_DIR/producer.out" "Produced:"
  run as "$3" "$IPC" -consumer --transport "$transport"
  [ "$status" -eq 0 ] || fail "$transport: consumer ($3) exited $status: $output"
  expect_exit "$PRODUCER" 0
  local produced consumed
  produced=$(messages Produced "$TEST_DIR/producer.out")
  consumed=$(messages Consumed <(echo "$output"))
  assert_equal "$(wc -l <<<"$produced")" 5
  assert_equal "$(grep -cxE '[0-9a-f]{2}' <<<"$produced")" 5
  assert_equal "$consumed" "$produced"
  no_leftovers
}

# ---------------------------------------------------------------------------------------------
# Leftovers: the objects of every transport, benchmark channels included.

ipc_leftovers() {
  ls /dev/shm 2>/dev/null | grep '^ch6_ipc' | sed 's|^|/dev/shm/|'
  mqueue_names | grep '^ch6_ipc' | sed 's|^|/dev/mqueue/|'
  ipcs -q -m -s 2>/dev/null | awk 'tolower($1) ~ /^0x0c60000/ { print "sysv:" $1 }'
  return 0
}

# The host may not mount /dev/mqueue: mount an mqueue instance (same ipc namespace) in a
# private mount namespace to list the queues.
mqueue_names() {
  if [ -d /dev/mqueue ] && mountpoint -q /dev/mqueue; then
    ls /dev/mqueue
  else
    mkdir -p "$TEST_DIR/mqueue"
    unshare -m --propagation private sh -c \
      "mount -t mqueue mqueue '$TEST_DIR/mqueue' && ls '$TEST_DIR/mqueue'"
  fi
}

remove_leftovers() {
  local key
  rm -f /dev/shm/ch6_ipc*
  for key in 0x0c600000 0x0c600001 0x0c600002; do
    ipcrm -Q "$key" 2>/dev/null; ipcrm -M "$key" 2>/dev/null; ipcrm -S "$key" 2>/dev/null
  done
  mqueue_names | grep '^ch6_ipc' | while read -r name; do
    unshare -m --propagation private sh -c \
      "mount -t mqueue mqueue '$TEST_DIR/mqueue' && rm -f '$TEST_DIR/mqueue/$name'"
  done
  return 0
}

no_leftovers() {
  local leftovers
  leftovers=$(ipc_leftovers)
  [ -z "$leftovers" ] || fail "left behind:" $leftovers
}

# ---------------------------------------------------------------------------------------------

@test "producer and consumer agree over mqueue" {
  exchange mqueue root root
}

@test "producer and consumer agree over sysv-msg" {
  exchange sysv-msg root root
}

@test "producer and consumer agree over sysv-shm" {
  exchange sysv-shm root root
}

@test "producer and consumer agree over posix-shm" {
  exchange posix-shm root root
}

@test "without a producer the consumer says the book's sentence and exits 1, every transport" {
  local t
  for t in "${TRANSPORTS[@]}"; do
    run "$IPC" -consumer --transport "$t"
    [ "$status" -eq 1 ] || fail "$t: status $status"
    [ "$output" = "$SENTENCE" ] || fail "$t: output '$output'"
  done
  no_leftovers
}

@test "consumer --verbose says why on stderr; stdout keeps only the sentence" {
  run sh -c "'$IPC' -consumer -v 2>&1 >/dev/null"
  assert_output_contains "mq_open /ch6_ipc: ENOENT"
  run sh -c "'$IPC' -consumer --verbose --transport sysv-shm 2>/dev/null"
  assert_equal "$output" "$SENTENCE"
}

@test "a producer running as nobody is read by a root consumer, every transport" {
  local t
  for t in "${TRANSPORTS[@]}"; do exchange "$t" nobody root; done
}

@test "a producer running as root (umask 077) is read by a nobody consumer, every transport" {
  local t
  for t in "${TRANSPORTS[@]}"; do exchange "$t" root nobody; done
}

@test "--producer and --consumer work with two dashes; --count 0 sends only done" {
  start_producer root mqueue --count 0
  sleep 0.2
  run "$IPC" --consumer
  assert_success
  assert_equal "$output" ""
  expect_exit "$PRODUCER" 0
  assert_equal "$(cat "$TEST_DIR/producer.out")" ""
}

@test "a waiting consumer burns no CPU; SIGTERM stops the producer, which removes its objects" {
  local t before after
  for t in "${TRANSPORTS[@]}"; do
    start_producer root "$t" --interval 1h
    wait_for_line "$TEST_DIR/producer.out" "Produced:"
    start_consumer root "$t"
    wait_for_line "$TEST_DIR/consumer.out" "Consumed:"
    before=$(cpu_ticks "$CONSUMER")
    sleep 1
    after=$(cpu_ticks "$CONSUMER")
    # One tick (10 ms) of slack for the wake-up and the first message's print.
    [ $((after - before)) -le 1 ] || fail "$t: idle consumer used $((after - before)) ticks in 1 s"
    kill -TERM "$PRODUCER"
    expect_exit "$PRODUCER" 0
    no_leftovers
    # A POSIX consumer keeps waiting on the unlinked object; a SysV one sees it removed (1).
    kill -TERM "$CONSUMER" 2>/dev/null || true
    wait "$CONSUMER" 2>/dev/null || true
  done
}

@test "SIGINT stops a producer blocked on a full channel and removes its objects" {
  local t
  for t in "${TRANSPORTS[@]}"; do
    start_producer root "$t" --interval 0
    wait_for_line "$TEST_DIR/producer.out" "Produced:"
    sleep 0.3  # let it fill the channel and block
    kill -INT "$PRODUCER"
    expect_exit "$PRODUCER" 0
    no_leftovers
  done
}

@test "a producer killed with SIGKILL leaves its object; the next producer replaces it" {
  local t
  for t in "${TRANSPORTS[@]}"; do
    start_producer root "$t" --interval 1h
    wait_for_line "$TEST_DIR/producer.out" "Produced:"
    kill -KILL "$PRODUCER"
    wait "$PRODUCER" 2>/dev/null || true
    [ -n "$(ipc_leftovers)" ] || fail "$t: a killed producer cleaned up?"
    # The stale object (holding one old message) is replaced, not read.
    exchange "$t" root root
  done
}

@test "usage errors exit 2" {
  run "$IPC" -producer --interval 5
  assert_failure 2
  assert_output_contains "unit"
  run "$IPC"
  assert_failure 2
  run "$IPC" -producer --transport spin-floor
  assert_failure 2
  no_leftovers
}

@test "ch6_ipc_host suite leaked nothing" {
  suite_leak_check
  no_leftovers
}
