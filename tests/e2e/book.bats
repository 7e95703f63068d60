#!/usr/bin/env bats
# The book's chapter, word for word with berth in place of docker: listing 1 (separate IPC
# namespaces: the consumer cannot see the queue), listing 2 (--ipc container:producer: it
# consumes exactly what the producer produced), and `rm -vf` of both leaving nothing.

load helpers
load berth_helpers

FAILURE="Either the producer has not been started or maybe I cannot access the same memory..."

build_ch6_ipc() {
  local ctx=$TEST_DIR/ctx
  mkdir -p "$ctx"
  cp "$BERTH_BUILD/bin/ipc" "$BERTH_SOURCE"/examples/ch6_ipc/{Dockerfile,passwd,group,.dockerignore} "$ctx/"
  b build -q -t ch6_ipc "$ctx" >/dev/null
}

# values LOG PREFIX: the hex values after "PREFIX: " in a log, one a line.
values() { grep -o "^$2: [0-9a-f]*" <<<"$1" | cut -d' ' -f2; }

@test "listing 1: in their own IPC namespaces the consumer fails with the book's sentence" {
  build_ch6_ipc
  b run -d -u nobody --name ch6_ipc_producer ch6_ipc -producer --interval 100ms
  b run -d -u nobody --name ch6_ipc_consumer ch6_ipc -consumer
  run b wait ch6_ipc_consumer
  assert_equal "$output" 1
  run b logs ch6_ipc_consumer
  assert_equal "$output" "$FAILURE"
  sleep 0.3
  run b logs ch6_ipc_producer
  assert_output_contains "Produced: "
  b rm -vf ch6_ipc_producer ch6_ipc_consumer
}

@test "listing 2: a consumer in the producer's IPC namespace consumes what it produced" {
  build_ch6_ipc
  b run -d -u nobody --name ch6_ipc_producer ch6_ipc -producer --interval 50ms
  b run -d -u nobody --name ch6_ipc_consumer ch6_ipc -consumer
  b wait ch6_ipc_consumer
  b rm -v ch6_ipc_consumer
  b run -d --name ch6_ipc_consumer --ipc container:ch6_ipc_producer ch6_ipc -consumer
  sleep 1.5
  local produced consumed n
  consumed=$(values "$(b logs ch6_ipc_consumer)" Consumed)
  produced=$(values "$(b logs ch6_ipc_producer)" Produced)
  # The two logs are read a moment apart: compare the part both cover.
  n=$(( $(wc -l <<<"$consumed") < $(wc -l <<<"$produced") ? $(wc -l <<<"$consumed") : $(wc -l <<<"$produced") ))
  [ "$n" -ge 5 ] || fail "consumed too little: $consumed"
  # Nothing is lost (the queue blocks the producer when full): the sequences agree from the start.
  assert_equal "$(head -n "$n" <<<"$consumed")" "$(head -n "$n" <<<"$produced")"
  run b inspect -f '{{.HostConfig.IpcMode}}' ch6_ipc_consumer
  assert_equal "$output" "container:ch6_ipc_producer"
  assert_equal "$(b inspect -f '{{.Ipc.Inode}}' ch6_ipc_consumer)" "$(b inspect -f '{{.Ipc.Inode}}' ch6_ipc_producer)"
  # The book's clean-up: both at once, the donor named first.
  run b rm -vf ch6_ipc_producer ch6_ipc_consumer
  assert_success
  assert_equal "$(b ps -aq)" ""
  [ -z "$(ls -A "$BERTH_RUNROOT/ipc" 2>/dev/null)" ] || fail "ipc group left: $(ls "$BERTH_RUNROOT/ipc")"
  [ -z "$(awk -v d="$TEST_DIR" 'index($5, d) == 1' /proc/self/mountinfo)" ] || fail "mounts left"
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
