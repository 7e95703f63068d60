#!/usr/bin/env bats
# The runtime's cgroup v2 driver end to end: v2 cgroup placement and removal, cgroup.freeze for
# pause/resume, the eBPF device filter, hugetlb, resources whose controller the hierarchy lacks,
# and stats.
#
# On a hybrid host (v1 controllers, an empty cgroup2 at /sys/fs/cgroup/unified) every runtime
# command runs in a private mount namespace whose /sys/fs/cgroup is that cgroup2 hierarchy, so
# the runtime sees a pure v2 host; its cgroups are then the host's under /sys/fs/cgroup/unified.
# On a pure v2 host the runtime runs as it is. Every test names an explicit cgroupsPath holding
# its tag, so no runtime's default parent cgroup (/berth, runc's none) is created.

load helpers

# Where the runtime's /sys/fs/cgroup is on the host, or empty when no cgroup2 is mounted.
cgroup2_at() { [ "$(stat -f -c %T "$1" 2>/dev/null)" = cgroup2fs ]; }
if cgroup2_at /sys/fs/cgroup; then
  V2_ROOT=/sys/fs/cgroup
  V2_HYBRID=
elif cgroup2_at /sys/fs/cgroup/unified; then
  V2_ROOT=/sys/fs/cgroup/unified
  V2_HYBRID=1
else
  V2_ROOT=
fi

# rt_v2 CMD...: CMD with /sys/fs/cgroup replaced by the cgroup2 hierarchy (hybrid host only).
# `umount -R` takes the v1 hierarchies and the tmpfs under them; nothing leaves the namespace.
rt_v2() {
  if [ -z "$V2_HYBRID" ]; then
    "$@"
    return
  fi
  unshare -m --propagation private sh -c \
    'umount -R /sys/fs/cgroup 2>/dev/null || umount -l /sys/fs/cgroup
     mount -t cgroup2 none /sys/fs/cgroup && exec "$@"' -- "$@"
}

# Every runtime command of this suite, the helpers' (state, list, teardown's delete) included.
rt() { rt_v2 "$RUNTIME" --root "$ROOT_DIR" "$@"; }

setup() {
  [ -n "$V2_ROOT" ] || skip "no cgroup2 at /sys/fs/cgroup or /sys/fs/cgroup/unified"
  e2e_setup
}

# v2_bundle: the default bundle with cgroupsPath /<tag>-c.
v2_bundle() {
  make_bundle
  cfg '.linux.cgroupsPath = $p' --arg p "/$ID_TAG-c"
}

# v2_path PID: PID's cgroup in the unified hierarchy (the "0::" line of /proc/PID/cgroup).
v2_path() { awk -F: '$1 == "0" { print $3 }' "/proc/$1/cgroup"; }
# v2_dir ID: the host directory of container ID's cgroup.
v2_dir() { echo "$V2_ROOT$(v2_path "$(container_pid "$1")")"; }

controller_available() { grep -qw "$1" "$V2_ROOT/cgroup.controllers"; }

@test "a container runs in a v2 cgroup at its relative or absolute cgroupsPath, removed on delete" {
  local name path dir id
  for name in abs rel; do
    # Absolute: below the hierarchy's root. Relative: below the runtime's own cgroup, the root
    # here; nested, so the parent is created with its controllers delegated.
    path=/$ID_TAG-abs
    [ "$name" = abs ] || path=$ID_TAG-rel/c
    make_bundle "$TEST_DIR/$name"
    CFG_BUNDLE=$TEST_DIR/$name cfg '.linux.cgroupsPath = $p' --arg p "$path"
    id=$(cid "$name")
    rt_run_d "$id" "$TEST_DIR/$name"
    dir=$(v2_dir "$id")
    if [ "$name" = abs ]; then
      assert_equal "$dir" "$V2_ROOT$path"
    else
      # runc puts it below the parent of its own cgroup, berth-runtime below the root.
      [[ "$dir" == "$V2_ROOT"*"/$path" ]] || fail "cgroup $dir for $path"
    fi
    [ -f "$dir/cgroup.procs" ] || fail "no cgroup $dir"
    grep -qx "$(container_pid "$id")" "$dir/cgroup.procs" || fail "init not in $dir"
    # The container sees a cgroup2 /sys/fs/cgroup too.
    run rt exec "$id" /probe mounts
    assert_output_matches '^/sys/fs/cgroup cgroup2 '
    rt delete --force "$id"
    [ ! -d "$dir" ] || fail "cgroup $dir left after delete"
  done
  # Parents are created on demand and left, as runc leaves them.
  rmdir "$(dirname "$dir")"
}

@test "in a cgroup namespace the container's cgroup is its root, and /sys/fs/cgroup shows it" {
  v2_bundle
  cfg '.linux.namespaces += [{"type": "cgroup"}]'
  local id
  id=$(cid c)
  rt_run_d "$id"
  run rt exec "$id" /bin/cat /proc/self/cgroup
  assert_success
  grep -qx '0::/' <<<"$output" || fail "cgroup inside: $output"
  [ -f "$(v2_dir "$id")/cgroup.procs" ] || fail "host path $(v2_dir "$id")" # full path outside
  run rt exec "$id" /bin/cat /sys/fs/cgroup/cgroup.procs
  assert_success
  grep -qx 1 <<<"$output" || fail "the container's cgroup.procs lacks its init: $output"
}

@test "pause and resume write cgroup.freeze: a paused container makes no progress" {
  v2_bundle
  set_args /bin/sh -c 'while :; do echo . >>/tmp/ticks; sleep 0.05; done'
  local id dir ticks n
  id=$(cid c)
  ticks=$BUNDLE/rootfs/tmp/ticks
  rt_run_d "$id"
  dir=$(v2_dir "$id")
  wait_for_ticks() { # wait_for_ticks MORE_THAN
    local i
    for ((i = 0; i < 100; i++)); do
      [ "$(wc -l <"$ticks" 2>/dev/null || echo 0)" -gt "$1" ] && return 0
      sleep 0.02
    done
    fail "ticks stuck at $(wc -l <"$ticks")"
  }
  wait_for_ticks 1
  rt pause "$id"
  assert_equal "$(container_status "$id")" paused
  assert_equal "$(cat "$dir/cgroup.freeze")" 1
  grep -qx "frozen 1" "$dir/cgroup.events" || fail "cgroup.events: $(cat "$dir/cgroup.events")"
  n=$(wc -l <"$ticks")
  sleep 0.4
  assert_equal "$(wc -l <"$ticks")" "$n"
  rt resume "$id"
  assert_equal "$(container_status "$id")" running
  grep -qx "frozen 0" "$dir/cgroup.events" || fail "cgroup.events: $(cat "$dir/cgroup.events")"
  wait_for_ticks "$n"
}

@test "exec'd processes join the v2 cgroup; ps lists them and kill --all reaches them" {
  v2_bundle
  local id dir pids p
  id=$(cid c)
  rt_run_d "$id"
  rt exec --detach "$id" /probe sleep 600 </dev/null >/dev/null 2>&1
  dir=$(v2_dir "$id")
  [ "$(wc -l <"$dir/cgroup.procs")" -eq 2 ] || fail "cgroup.procs: $(cat "$dir/cgroup.procs")"
  pids=$(rt ps --format json "$id" | jq -r '.[]' | sort -n)
  assert_equal "$pids" "$(sort -n "$dir/cgroup.procs")"
  rt kill --all "$id" KILL
  wait_status "$id" stopped
  for p in $pids; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do process_gone "$p" && break; sleep 0.05; done
    process_gone "$p" || fail "process $p survived kill --all"
  done
}

@test "delete --force removes a paused container and its v2 cgroup" {
  v2_bundle
  local id dir pid
  id=$(cid c)
  rt_run_d "$id"
  pid=$(container_pid "$id")
  dir=$(v2_dir "$id")
  rt pause "$id"
  rt delete --force "$id"
  [ ! -d "$dir" ] || fail "cgroup $dir left"
  process_gone "$pid" || fail "init $pid still runs"
}

# devcheck: mknods a fuse node (c 10:229, not on the default allow list; opening it needs no
# privilege and does nothing without a fuse mount), then opens /dev/null and the node.
write_devcheck() {
  cat >"$BUNDLE/rootfs/devcheck" <<'EOF'
#!/bin/sh
/bin/busybox mknod /dev/fuse-node c 10 229 && echo mknod ok
/probe write-file /dev/null
(exec 3</dev/fuse-node) 2>&1 && echo fuse opened
EOF
  chmod 755 "$BUNDLE/rootfs/devcheck"
  cfg '.process.capabilities |= map_values(. + ["CAP_MKNOD"])'
}

@test "the eBPF device filter: default devices open, others are refused, the last rule decides" {
  v2_bundle
  write_devcheck
  local id dir
  id=$(cid c)
  # Only the bundle's deny-all rule and the runtime's default allow list.
  rt_run_d "$id"
  run rt exec "$id" /devcheck
  assert_output_contains "mknod ok" # "c *:* m" is on the default list
  assert_output_contains written
  assert_output_matches "fuse-node.*Operation not permitted"
  assert_output_lacks "fuse opened"
  if command -v bpftool >/dev/null; then
    dir=$(v2_dir "$id")
    run bpftool cgroup show "$dir"
    assert_output_contains device
  fi
  rt delete --force "$id"

  cp "$BUNDLE/config.json" "$TEST_DIR/base.json"
  cfg '.linux.resources.devices += [{"allow": true, "type": "c", "major": 10, "minor": 229, "access": "r"}]'
  set_args /devcheck
  run rt run --bundle "$BUNDLE" "$(cid allowed)" </dev/null
  assert_output_contains "fuse opened"

  # A later rule overrides an earlier one for the same device.
  cfg '.linux.resources.devices += [{"allow": false, "type": "c", "major": 10, "minor": 229, "access": "r"}]'
  run rt run --bundle "$BUNDLE" "$(cid denied)" </dev/null
  assert_output_contains "mknod ok"
  assert_output_matches "fuse-node.*Operation not permitted"
  assert_output_lacks "fuse opened"

  # The default devices come after linux.resources.devices (runc's order), so a rule denying
  # /dev/null is overridden and /dev/null stays usable, under runc as under berth-runtime.
  cp "$TEST_DIR/base.json" "$BUNDLE/config.json"
  set_args /devcheck
  cfg '.linux.resources.devices += [{"allow": false, "type": "c", "major": 1, "minor": 3, "access": "rwm"}]'
  run rt run --bundle "$BUNDLE" "$(cid null)" </dev/null
  assert_output_contains written
}

# hugepage_size: the kernel's first huge page size in the OCI/cgroup form ("2MB", "1GB").
hugepage_size() {
  local kb
  kb=$(find /sys/kernel/mm/hugepages -maxdepth 1 -name 'hugepages-*kB' | sort | head -1)
  kb=${kb##*hugepages-}
  kb=${kb%kB}
  [ -n "$kb" ] || return 1
  if ((kb >= 1048576)); then echo "$((kb / 1048576))GB"
  elif ((kb >= 1024)); then echo "$((kb / 1024))MB"
  else echo "${kb}KB"; fi
}

# hugepage_bytes SIZE: "2MB" -> 2097152.
hugepage_bytes() {
  local n=${1%?B}
  case $1 in
    *GB) echo $((n * 1024 * 1024 * 1024)) ;;
    *MB) echo $((n * 1024 * 1024)) ;;
    *) echo $((n * 1024)) ;;
  esac
}

@test "hugepage limits are written to hugetlb.<size>.max" {
  controller_available hugetlb || skip "no hugetlb controller in $V2_ROOT/cgroup.controllers"
  local size id dir limit
  size=$(hugepage_size) || skip "no huge page sizes under /sys/kernel/mm/hugepages"
  # Eight pages: the kernel rounds a limit down to whole pages (16 MiB of 1GB pages is 0).
  limit=$(($(hugepage_bytes "$size") * 8))
  v2_bundle
  cfg '.linux.resources.hugepageLimits = [{"pageSize": $s, "limit": $l}]' \
    --arg s "$size" --argjson l "$limit"
  id=$(cid c)
  rt_run_d "$id"
  dir=$(v2_dir "$id")
  assert_equal "$(cat "$dir/hugetlb.$size.max")" "$limit"
  # runc 1.1 writes only .max; the reservation limit (kernel 5.7+) came with runc 1.2.
  if [ "$RUNTIME_NAME" != runc ] && [ -f "$dir/hugetlb.$size.rsvd.max" ]; then
    assert_equal "$(cat "$dir/hugetlb.$size.rsvd.max")" "$limit"
  fi
}

@test "a resource whose controller the hierarchy lacks fails create, naming the file; nothing is left" {
  local -a cases=(
    'memory|memory.max|.linux.resources.memory = {"limit": 33554432}'
    'pids|pids.max|.linux.resources.pids = {"limit": 16}'
    'cpu|cpu.weight|.linux.resources.cpu = {"shares": 512}'
    'cpu|cpu.max|.linux.resources.cpu = {"quota": 50000, "period": 100000}'
    'memory|memory.high|.linux.resources.unified = {"memory.high": "64M"}'
  )
  local c ctrl file filter id tested=0
  make_bundle
  cp "$BUNDLE/config.json" "$TEST_DIR/base.json"
  for c in "${cases[@]}"; do
    IFS='|' read -r ctrl file filter <<<"$c"
    controller_available "$ctrl" && continue
    cp "$TEST_DIR/base.json" "$BUNDLE/config.json"
    cfg '.linux.cgroupsPath = $p' --arg p "/$ID_TAG-$tested"
    cfg "$filter"
    id=$(cid "$tested")
    if rt_create "$id"; then fail "create with $file succeeded: $(container_log "$id")"; fi
    output=$(container_log "$id")
    assert_output_contains "$file"
    [ -z "$(leaked_state)" ] || fail "$file: state left: $(leaked_state)"
    [ -z "$(leaked_cgroups)" ] || fail "$file: cgroup left: $(leaked_cgroups)"
    [ -z "$(leaked_processes)" ] || fail "$file: process left: $(leaked_processes)"
    tested=$((tested + 1))
  done
  [ "$tested" -gt 0 ] || skip "$V2_ROOT offers memory, pids and cpu"
}

@test "update of a resource whose controller is missing fails naming the file; the container runs on" {
  controller_available pids && skip "$V2_ROOT offers pids"
  v2_bundle
  local id
  id=$(cid c)
  rt_run_d "$id"
  run rt update --pids-limit 10 "$id"
  assert_failure
  assert_output_contains pids.max
  assert_equal "$(container_status "$id")" running
}

# Without the memory and pids controllers only cpu.stat is there to read: berth-runtime reports
# cpu alone, runc 1.1 also counts cgroup.procs as pids.current.
@test "events --stats reports cpu usage from cpu.stat as JSON" {
  v2_bundle
  local id
  id=$(cid c)
  rt_run_d "$id"
  run rt events --stats "$id"
  assert_success
  assert_equal "$(jq -r .type <<<"$output")" stats
  assert_equal "$(jq -r .id <<<"$output")" "$id"
  [ "$(jq -r .data.cpu.usage.total <<<"$output")" -gt 0 ] || fail "no cpu usage: $output"
}

@test "cgroup_v2 suite leaked nothing" {
  suite_leak_check
}
