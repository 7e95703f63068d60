#!/usr/bin/env bats
# berth stats / container stats: docker's table and --format fields over the cgroup counters,
# a memory limit and memory in use, pids, -a with stopped containers, a missing container, and a
# stream that redraws until SIGINT.

load helpers
load berth_helpers

setup() { setup_with_busybox; }

# The row of `stats --no-stream` for NAME through FORMAT.
stat_of() { b stats --no-stream --format "$2" "$1"; }

@test "stats --no-stream prints docker's header and one row per running container" {
  b run -d --name st-run busybox sleep 600 >/dev/null
  b create --name st-created busybox true >/dev/null
  run b stats --no-stream
  assert_success
  assert_equal "${lines[0]}" "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS"
  assert_equal "${#lines[@]}" 2
  local id
  id=$(b inspect -f '{{.Id}}' st-run)
  assert_output_matches "${id:0:12} +st-run +[0-9]+\.[0-9]{2}% +[0-9.]+[KMG]?i?B / [0-9.]+[KMG]iB +[0-9.]+% +0B / 0B +[0-9.]+[kMG]?B / [0-9.]+[kMG]?B +1"
}

@test "container stats takes the same flags and --format shows docker's fields" {
  b run -d --name st-fmt busybox sleep 600 >/dev/null
  local id
  id=$(b inspect -f '{{.Id}}' st-fmt)
  run b container stats --no-stream --format '{{.Container}}|{{.ID}}|{{.Name}}|{{.PIDs}}|{{.NetIO}}' st-fmt
  assert_success
  assert_equal "$output" "st-fmt|${id:0:12}|st-fmt|1|0B / 0B"
  run b stats --no-stream --no-trunc --format '{{.ID}}' st-fmt
  assert_equal "$output" "$id"
  run b stats --no-stream --format '{{json .}}' st-fmt
  assert_success
  assert_equal "$(jq -r 'keys | join(",")' <<<"$output")" "BlockIO,CPUPerc,Container,ID,MemPerc,MemUsage,Name,NetIO,PIDs"
  assert_output_matches '"CPUPerc":"[0-9]+\.[0-9]{2}%"'
  run b stats --no-stream --format 'table {{.Name}}\t{{.MemPerc}}' st-fmt
  assert_equal "${lines[0]}" "NAME      MEM %"
  assert_output_matches 'st-fmt +[0-9]+\.[0-9]{2}%'
  # Without a container named, Container is the short id, as docker's.
  run b stats --no-stream --format '{{.Container}}'
  assert_equal "$output" "${id:0:12}"
}

@test "a --memory limit is the limit shown, and memory in use shows in MiB" {
  # /dev/shm is tmpfs: its 20MiB are charged to the container's memory cgroup.
  b run -d --name st-mem -m 64m busybox sh -c 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=20 2>/dev/null; touch /tmp/done; sleep 600' >/dev/null
  local i
  for i in $(seq 50); do b exec st-mem test -e /tmp/done && break; sleep 0.1; done
  run stat_of st-mem '{{.MemUsage}}'
  assert_success
  assert_output_matches '^(19|2[0-9])(\.[0-9]+)?MiB / 64MiB$'
  run stat_of st-mem '{{.MemPerc}}'
  assert_output_matches '^(29|3[0-9]|4[0-9])\.[0-9]{2}%$'
}

@test "without a limit the host's memory is the limit" {
  b run -d --name st-nolimit busybox sleep 600 >/dev/null
  local host_kib
  host_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
  run stat_of st-nolimit '{{.MemUsage}}'
  assert_success
  assert_output_matches " / $(awk -v k="$host_kib" 'BEGIN { printf "%.4g", k / 1048576 }')GiB\$"
}

@test "PIDS counts the container's processes" {
  b run -d --name st-pids busybox sh -c 'sleep 600 & sleep 600 & wait' >/dev/null
  local i
  for i in $(seq 50); do [ "$(stat_of st-pids '{{.PIDs}}')" = 3 ] && break; sleep 0.1; done
  assert_equal "$(stat_of st-pids '{{.PIDs}}')" 3
}

@test "a busy container shows CPU % above zero" {
  b run -d --name st-cpu busybox sh -c 'while :; do :; done' >/dev/null
  run stat_of st-cpu '{{.CPUPerc}}'
  assert_success
  assert_output_matches '^[0-9]+\.[0-9]{2}%$'
  [ "${output%%.*}" -ge 5 ] || fail "a spinning shell shows $output"
}

@test "--network none shows no network I/O" {
  b run -d --name st-nonet --network none busybox sleep 600 >/dev/null
  assert_equal "$(stat_of st-nonet '{{.NetIO}}')" "0B / 0B"
}

@test "--network host shows no network I/O either, as docker's" {
  b run -d --name st-hostnet --network host busybox sleep 600 >/dev/null
  assert_equal "$(stat_of st-hostnet '{{.NetIO}}')" "0B / 0B"
}

@test "through an external runtime (runc) the numbers come from its events --stats" {
  command -v runc >/dev/null || skip "runc not installed"
  b run -d --name st-runc --runtime runc -m 32m busybox sh -c 'sleep 600 & wait' >/dev/null
  run stat_of st-runc '{{.MemUsage}} {{.PIDs}}'
  assert_success
  assert_output_matches '^[0-9.]+[KM]iB / 32MiB 2$'
}

@test "-a includes stopped containers, with zeros as dockerd shows them" {
  b run -d --name st-up busybox sleep 600 >/dev/null
  b create --name st-stopped busybox true >/dev/null
  run b stats --no-stream --format '{{.Name}}'
  assert_equal "$output" st-up
  run b stats --no-stream -a --format '{{.Name}}'
  assert_output_contains st-up
  assert_output_contains st-stopped
  run stat_of st-stopped '{{.CPUPerc}} {{.MemUsage}} {{.MemPerc}} {{.NetIO}} {{.BlockIO}} {{.PIDs}}'
  assert_success
  assert_equal "$output" "0.00% 0B / 0B 0.00% 0B / 0B 0B / 0B 0"
}

@test "a missing container is an error with exit 1, and nothing is printed" {
  b run -d --name st-there busybox sleep 600 >/dev/null
  run b stats --no-stream st-nosuch
  assert_failure 1
  assert_equal "$output" "berth: No such container: st-nosuch"
  run b stats --no-stream st-there st-nosuch
  assert_failure 1
  assert_equal "$output" "berth: No such container: st-nosuch"
}

@test "the stream redraws every second until SIGINT ends it with 130" {
  b run -d --name st-stream busybox sleep 600 >/dev/null
  # timeout's child keeps SIGINT's default action (a background job of this shell would ignore it).
  run timeout --preserve-status -s INT 3.5 "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" \
    --cgroup-parent "/$ID_TAG" stats st-stream
  assert_equal "$status" 130
  local tables
  tables=$(grep -c 'CONTAINER ID' <<<"$output")
  [ "$tables" -ge 2 ] || fail "expected at least 2 tables, got $tables: $output"
  assert_output_contains $'\033[2J\033[H'
  assert_output_contains st-stream
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
