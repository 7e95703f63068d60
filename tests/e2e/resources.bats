#!/usr/bin/env bats
# Resources through cgroups (v1 on this machine, v2 where mounted): memory and pids limits
# enforced, cpu settings written, update, an explicit cgroupsPath, and stats.

load helpers

# cgroup_file PID CONTROLLER FILE: the host path of FILE in PID's cgroup for CONTROLLER.
# Works for v1 (one hierarchy per controller) and v2 (the unified line "0::").
cgroup_file() {
  local pid=$1 ctrl=$2 file=$3 path
  path=$(awk -F: -v c="$ctrl" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' \
    "/proc/$pid/cgroup")
  if [ -n "$path" ] && [ -d "/sys/fs/cgroup/$ctrl$path" ]; then
    echo "/sys/fs/cgroup/$ctrl$path/$file"
  else
    path=$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
    echo "/sys/fs/cgroup$path/$file"
  fi
}

cgroup_v1() { [ -d /sys/fs/cgroup/memory ]; }

@test "the memory limit is enforced: allocating beyond it gets the process OOM-killed" {
  make_bundle
  cfg '.linux.resources.memory = {"limit": 33554432}'
  local id
  id=$(cid c)
  rt_run_d "$id"
  if cgroup_v1; then
    assert_equal "$(cat "$(cgroup_file "$(container_pid "$id")" memory memory.limit_in_bytes)")" 33554432
  else
    assert_equal "$(cat "$(cgroup_file "$(container_pid "$id")" memory memory.max)")" 33554432
  fi
  run rt exec "$id" /probe alloc-mb 8
  assert_success
  run rt exec "$id" /probe alloc-mb 96
  assert_failure 137
}

@test "the pids limit is enforced: forks beyond it fail" {
  make_bundle
  cfg '.linux.resources.pids = {"limit": 16}'
  local id
  id=$(cid c)
  rt_run_d "$id"
  assert_equal "$(cat "$(cgroup_file "$(container_pid "$id")" pids pids.max)")" 16
  run rt exec "$id" /probe fork-n 40
  assert_failure
  local n=${output#forked }
  [ "$n" -lt 16 ] && [ "$n" -gt 5 ] || fail "forked $n with a limit of 16"
  run rt exec "$id" /probe fork-n 5
  assert_success
}

@test "cpu shares, quota and period are written" {
  cgroup_v1 || skip "v1 file names only"
  make_bundle
  cfg '.linux.resources.cpu = {"shares": 512, "quota": 50000, "period": 100000}'
  local id pid
  id=$(cid c)
  rt_run_d "$id"
  pid=$(container_pid "$id")
  assert_equal "$(cat "$(cgroup_file "$pid" cpu cpu.shares)")" 512
  assert_equal "$(cat "$(cgroup_file "$pid" cpu cpu.cfs_quota_us)")" 50000
  assert_equal "$(cat "$(cgroup_file "$pid" cpu cpu.cfs_period_us)")" 100000
}

@test "v1: the container's /sys/fs/cgroup has each host hierarchy, showing its own cgroup, read-only" {
  cgroup_v1 || skip "cgroup v1 hierarchies only"
  make_bundle
  cfg '.linux.resources.memory = {"limit": 33554432} | .linux.resources.pids = {"limit": 24}'
  set_args /bin/sh -c 'sleep 1000'
  local id want got
  id=$(cid c)
  rt_run_d "$id"
  want=$(find /sys/fs/cgroup -mindepth 1 -maxdepth 1 -type d -exec sh -c \
    'stat -f -c %T "$1" | grep -qx cgroupfs && basename "$1"' -- {} \; | sort)
  run rt exec "$id" /bin/sh -c 'ls /sys/fs/cgroup'
  assert_success
  got=$(sort <<<"$output")
  assert_equal "$got" "$want"
  run rt exec "$id" /bin/cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max
  assert_success
  assert_equal "$output" $'33554432\n24'
  run rt exec "$id" /bin/sh -c 'echo 1 > /sys/fs/cgroup/pids/pids.max'
  assert_failure
  assert_output_contains "Read-only file system"
}

@test "v1: in a cgroup namespace each hierarchy is a fresh cgroup mount rooted at the container's cgroup" {
  cgroup_v1 || skip "cgroup v1 hierarchies only"
  make_bundle
  cfg '.linux.namespaces += [{"type": "cgroup"}] | .linux.resources.pids = {"limit": 24}'
  set_args /bin/sh -c 'sleep 1000'
  local id
  id=$(cid c)
  rt_run_d "$id"
  run rt exec "$id" /bin/sh -c 'cat /sys/fs/cgroup/pids/pids.max; grep -c "cgroup cgroup" /proc/self/mountinfo; grep :pids: /proc/self/cgroup'
  assert_success
  assert_equal "${lines[0]}" 24
  [ "${lines[1]}" -eq "$(grep -c ' - cgroup ' /proc/self/mountinfo)" ] || fail "cgroup mounts: $output"
  assert_equal "${lines[2]##*:}" /
}

@test "v1: a resource the kernel refuses fails create naming the file, while the init waits at its cgroup gate; nothing is left" {
  cgroup_v1 || skip "cgroup v1 only: on v2 the cgroup is made before clone"
  make_bundle
  local id
  id=$(cid c)
  # The cgroup is made after clone (cgroup_gate.hpp): its failure must still be the error shown,
  # and the cloned init must go with everything else.
  cfg '.linux.resources.cpu.cpus = "4095"'
  run rt create --bundle "$BUNDLE" "$id"
  assert_failure
  assert_output_contains "cpuset.cpus"
  [ -z "$(leaked_state)" ] || fail "state left: $(leaked_state)"
  [ -z "$(leaked_cgroups)" ] || fail "cgroups left: $(leaked_cgroups)"
  [ -z "$(leaked_processes)" ] || fail "processes left: $(leaked_processes)"
}

@test "a mount that fails before the cgroup gate is the error shown, not the runtime's cgroup steps" {
  make_bundle
  local id
  id=$(cid c)
  # First in the list, so the init fails while the runtime may still be making the cgroup.
  cfg '.mounts = [{"destination": "/badfs", "type": "no-such-filesystem", "source": "none"}] + .mounts'
  run rt create --bundle "$BUNDLE" "$id"
  assert_failure
  assert_output_contains "mounts[0]"
  assert_output_contains "/badfs"
  [ -z "$(leaked_state)" ] || fail "state left: $(leaked_state)"
  [ -z "$(leaked_cgroups)" ] || fail "cgroups left: $(leaked_cgroups)"
}

@test "a bind of the container's own cgroup directory is mounted after the init entered it" {
  make_bundle
  local id path host
  id=$(cid c)
  path="/$ID_TAG-own"
  # On v1 the runtime makes the cgroup while the init sets up (cgroup_gate.hpp): a mount whose
  # source is under /sys/fs/cgroup must wait for it, or the directory would not exist yet.
  if cgroup_v1; then host="/sys/fs/cgroup/pids$path"; else host="/sys/fs/cgroup$path"; fi
  cfg '.linux.cgroupsPath = $p' --arg p "$path"
  # First in the list, so that without the gate it would run before the runtime made the directory.
  cfg '.mounts = [{destination: "/own-cgroup", type: "bind", source: $s, options: ["rbind", "ro"]}] + .mounts' \
    --arg s "$host"
  set_args /bin/sh -c 'cat /own-cgroup/cgroup.procs'
  run rt run --bundle "$BUNDLE" "$id"
  assert_success
  # The init, pid 1 in its own pid namespace, is in the directory the bind shows.
  assert_equal "$output" 1
}

@test "update changes the memory and pids limits of a running container" {
  make_bundle
  cfg '.linux.resources.memory = {"limit": 33554432} | .linux.resources.pids = {"limit": 16}'
  local id pid
  id=$(cid c)
  rt_run_d "$id"
  pid=$(container_pid "$id")
  run rt update --memory 67108864 --pids-limit 32 "$id"
  assert_success
  assert_equal "$(cat "$(cgroup_file "$pid" pids pids.max)")" 32
  if cgroup_v1; then
    assert_equal "$(cat "$(cgroup_file "$pid" memory memory.limit_in_bytes)")" 67108864
  fi
  run rt exec "$id" /probe alloc-mb 48
  assert_success
}

@test "update from a resources JSON file" {
  make_bundle
  local id pid
  id=$(cid c)
  rt_run_d "$id"
  pid=$(container_pid "$id")
  echo '{"pids": {"limit": 24}}' >"$TEST_DIR/resources.json"
  run rt update --resources "$TEST_DIR/resources.json" "$id"
  assert_success
  assert_equal "$(cat "$(cgroup_file "$pid" pids pids.max)")" 24
}

@test "an explicit cgroupsPath is used and removed on delete" {
  make_bundle
  local id path
  id=$(cid c)
  path="/$ID_TAG-custom"
  cfg '.linux.cgroupsPath = $p' --arg p "$path"
  rt_run_d "$id"
  local file
  file=$(cgroup_file "$(container_pid "$id")" pids cgroup.procs)
  [[ "$file" == *"$path/cgroup.procs" ]] || fail "cgroup $file"
  grep -qx "$(container_pid "$id")" "$file"
  rt delete --force "$id"
  [ ! -d "$(dirname "$file")" ] || fail "cgroup $file not removed"
}

@test "every process of the container is in its cgroup, exec'd ones too" {
  make_bundle
  local id pid procs
  id=$(cid c)
  rt_run_d "$id"
  pid=$(container_pid "$id")
  rt exec --detach "$id" /probe sleep 600 </dev/null >/dev/null 2>&1
  procs=$(cat "$(cgroup_file "$pid" pids cgroup.procs)")
  [ "$(wc -l <<<"$procs")" -eq 2 ] || fail "procs: $procs"
}

@test "events --stats reports memory and pids usage as JSON" {
  make_bundle
  local id
  id=$(cid c)
  rt_run_d "$id"
  run rt events --stats "$id"
  assert_success
  assert_equal "$(jq -r .type <<<"$output")" stats
  [ "$(jq -r .data.pids.current <<<"$output")" -ge 1 ]
  [ "$(jq -r .data.memory.usage.usage <<<"$output")" -gt 0 ]
}

@test "resources suite leaked nothing" {
  suite_leak_check
}
