#!/usr/bin/env bats
# Namespaces: each type created new or joined by path, compared by inode via `probe ns`.

load helpers

# only_namespaces TYPE...: the config's namespace list becomes mount plus TYPE...
only_namespaces() {
  cfg_args '.linux.namespaces = ([{"type": "mount"}] + ($ARGS.positional | map({"type": .})))' "$@"
  # Setting a hostname needs a private UTS namespace.
  [[ " $* " == *" uts "* ]] || cfg 'del(.hostname)'
}

# probe ns output key for an OCI namespace type
ns_key() {
  case $1 in
    network) echo net ;;
    mount) echo mnt ;;
    *) echo "$1" ;;
  esac
}

# A jq filter mapping the container's ids 0-65535 to host ids 100000-165535.
MAPPINGS='.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'

# start_donor: runs a container detached whose namespaces others join; sets DONOR_PID and
# DONOR_NS (its `probe ns` output).
start_donor() {
  local a
  a=$(cid a)
  rt_run_d "$a"
  DONOR_PID=$(container_pid "$a")
  run rt exec "$a" /probe ns
  assert_success
  DONOR_NS=$output
}

@test "the default spec gives new pid, net, ipc, uts and mount namespaces" {
  make_bundle
  set_args /probe ns
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  local t
  for t in pid net ipc uts mnt; do
    [ "$(ns_inode "$output" "$t")" != "$(host_ns_inode "$t")" ] || fail "$t is the host's"
  done
  for t in user cgroup; do
    assert_equal "$(ns_inode "$output" "$t")" "$(host_ns_inode "$t")"
  done
}

@test "each namespace type alone is new and leaves the others shared with the host" {
  make_bundle
  set_args /probe ns
  local type key other
  for type in pid network ipc uts cgroup; do
    cp "$FIXTURES/config.json" "$BUNDLE/config.json"
    set_args /probe ns
    only_namespaces "$type"
    run rt run --bundle "$BUNDLE" "$(cid "$type")" </dev/null
    assert_success
    key=$(ns_key "$type")
    [ "$(ns_inode "$output" "$key")" != "$(host_ns_inode "$key")" ] || fail "$type not new"
    for other in pid net ipc uts cgroup; do
      [ "$other" = "$key" ] && continue
      assert_equal "$(ns_inode "$output" "$other")" "$(host_ns_inode "$other")"
    done
  done
}

@test "a new user namespace maps container root to an unprivileged host uid" {
  make_bundle
  set_args /bin/sh -c '/probe ns; /probe ids; cat /proc/self/uid_map'
  cfg '.linux.namespaces += [{"type": "user"}]
       | '"$MAPPINGS"
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  [ "$(ns_inode "$output" user)" != "$(host_ns_inode user)" ] || fail "user ns not new"
  grep -q '^uid 0$' <<<"$output" || fail "uid: $output"
  grep -Eq '^ +0 +100000 +65536$' <<<"$output" || fail "uid_map: $output"
}

@test "a new network namespace has loopback up, as runc and crun leave it; a joined one is untouched" {
  make_bundle
  set_args /bin/sh -c 'ip -o link show'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_output_matches '^1: lo: <LOOPBACK,UP,LOWER_UP>'
  [ "$(grep -c ': <' <<<"$output")" -eq 1 ] || fail "more than lo: $output"

  # Root of a new user namespace owns the new network namespace and may set it up too.
  cfg '.linux.namespaces += [{"type": "user"}]
       | '"$MAPPINGS"
  run rt run --bundle "$BUNDLE" "$(cid u)" </dev/null
  assert_success
  assert_output_matches '^1: lo: <LOOPBACK,UP,LOWER_UP>'

  # A namespace joined by path is someone else's: its lo stays as it was (down here).
  local pinned=$TEST_DIR/netns
  touch "$pinned"
  unshare --net="$pinned" true
  make_bundle "$TEST_DIR/j"
  CFG_BUNDLE=$TEST_DIR/j set_args /bin/sh -c 'ip -o link show lo'
  CFG_BUNDLE=$TEST_DIR/j cfg '(.linux.namespaces[] | select(.type == "network")) |= {"type": "network", "path": $p}' --arg p "$pinned"
  run rt run --bundle "$TEST_DIR/j" "$(cid j)" </dev/null
  umount "$pinned"
  assert_success
  assert_output_matches '^1: lo: <LOOPBACK>'
}

@test "the container's hostname is set in its uts namespace" {
  make_bundle
  set_args /probe hostname
  cfg '.hostname = "e2e-host"'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" e2e-host
  [ "$(hostname)" != e2e-host ]
}

@test "a hostname without a uts namespace is rejected" {
  make_bundle
  only_namespaces pid
  cfg '.hostname = "e2e-host"'
  set_args /bin/true
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  assert_output_contains uts
  [ "$(hostname)" != e2e-host ]
}

@test "namespaces are joined by path: net, ipc, uts, pid and cgroup" {
  make_bundle
  cfg '.linux.namespaces += [{"type": "cgroup"}]'
  start_donor

  make_bundle "$TEST_DIR/b"
  CFG_BUNDLE=$TEST_DIR/b set_args /probe ns
  CFG_BUNDLE=$TEST_DIR/b cfg 'del(.hostname) | .linux.namespaces = [
      {"type": "network", "path": "/proc/\($p)/ns/net"},
      {"type": "ipc", "path": "/proc/\($p)/ns/ipc"},
      {"type": "uts", "path": "/proc/\($p)/ns/uts"},
      {"type": "pid", "path": "/proc/\($p)/ns/pid"},
      {"type": "cgroup", "path": "/proc/\($p)/ns/cgroup"},
      {"type": "mount"}]' --arg p "$DONOR_PID"
  run rt run --bundle "$TEST_DIR/b" "$(cid b)" </dev/null
  assert_success
  local t
  for t in net ipc uts pid cgroup; do
    assert_equal "$(ns_inode "$output" "$t")" "$(ns_inode "$DONOR_NS" "$t")"
  done
  [ "$(ns_inode "$output" mnt)" != "$(ns_inode "$DONOR_NS" mnt)" ] || fail "mount ns shared"
}

@test "a new user namespace with the network namespace joined by path (a pod sandbox with user namespaces)" {
  make_bundle
  start_donor

  # As containerd sets up a sandbox: a network namespace made beforehand (for CNI), joined by
  # path, and the container's own user namespace with its mappings, owning its other new ones.
  # (Joining the ipc namespace too would fail at the mqueue mount, for runc as for us: its root
  # has no rights over an ipc namespace the host's user namespace owns.)
  make_bundle "$TEST_DIR/b"
  CFG_BUNDLE=$TEST_DIR/b set_args /bin/sh -c '/probe ns; cat /proc/self/uid_map'
  CFG_BUNDLE=$TEST_DIR/b cfg '.linux.namespaces = [
      {"type": "user"}, {"type": "pid"}, {"type": "mount"}, {"type": "ipc"}, {"type": "uts"},
      {"type": "network", "path": "/proc/\($p)/ns/net"}]
    | '"$MAPPINGS" --arg p "$DONOR_PID"
  # sysfs belongs to the joined network namespace, which this root may not mount: we bind the
  # host's /sys instead (as crun does); runc 1.1 fails, so its run goes without /sys and the
  # cgroup mount under it.
  [[ "$RUNTIME" != *runc ]] || CFG_BUNDLE=$TEST_DIR/b cfg 'del(.mounts[] | select(.destination | startswith("/sys")))'
  run rt run --bundle "$TEST_DIR/b" "$(cid b)" </dev/null
  assert_success
  assert_equal "$(ns_inode "$output" net)" "$(ns_inode "$DONOR_NS" net)"
  local t
  for t in ipc uts; do
    [ "$(ns_inode "$output" "$t")" != "$(ns_inode "$DONOR_NS" "$t")" ] || fail "$t ns shared"
  done
  [ "$(ns_inode "$output" user)" != "$(host_ns_inode user)" ] || fail "user ns not new"
  [ "$(ns_inode "$output" pid)" != "$(ns_inode "$DONOR_NS" pid)" ] || fail "pid ns shared"
  grep -Eq '^ +0 +100000 +65536$' <<<"$output" || fail "uid_map: $output"
}

@test "a joined mount namespace with a new user namespace is refused before anything is made" {
  make_bundle
  start_donor
  make_bundle "$TEST_DIR/b"
  CFG_BUNDLE=$TEST_DIR/b cfg '.linux.namespaces = [{"type": "user"}, {"type": "pid"}, {"type": "uts"},
      {"type": "mount", "path": "/proc/\($p)/ns/mnt"}]
    | '"$MAPPINGS" --arg p "$DONOR_PID"
  run rt create --bundle "$TEST_DIR/b" "$(cid b)" </dev/null
  assert_failure
  # runc gets as far as its first mount ("operation not permitted"); we refuse it up front.
  [[ "$RUNTIME" == *runc ]] || assert_output_contains "new user namespace"
  run rt state "$(cid b)"
  assert_failure
}

@test "a mount namespace is joined by path" {
  # A live container's mount namespace has the bundle paths pivoted away (runc fails to set up
  # a rootfs there), so join a namespace prepared on the host, bound to a file with unshare.
  make_bundle
  set_args /probe ns
  touch "$TEST_DIR/mntns"
  unshare --mount="$TEST_DIR/mntns" --propagation private true
  cfg '.linux.namespaces |= map(if .type == "mount" then .path = $p else . end)' \
    --arg p "$TEST_DIR/mntns"
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  local ino
  ino=$(stat -L -c %i "$TEST_DIR/mntns")
  umount "$TEST_DIR/mntns"
  assert_success
  assert_equal "$(ns_inode "$output" mnt)" "$ino"
}

@test "a process joining another container's pid namespace sees its processes" {
  make_bundle
  local a pid
  a=$(cid a)
  rt_run_d "$a"
  pid=$(container_pid "$a")
  make_bundle "$TEST_DIR/b"
  CFG_BUNDLE=$TEST_DIR/b cfg '.linux.namespaces |= map(if .type == "pid"
      then .path = "/proc/\($p)/ns/pid" else . end)' --arg p "$pid"
  CFG_BUNDLE=$TEST_DIR/b set_args /bin/ps -o pid,args
  run rt run --bundle "$TEST_DIR/b" "$(cid b)" </dev/null
  assert_success
  grep -Eq '^ *1 +/probe sleep 600$' <<<"$output" || fail "pid 1 of a not seen: $output"
}

@test "joining a missing namespace path fails" {
  make_bundle
  cfg '.linux.namespaces |= map(if .type == "ipc" then .path = "/proc/999999999/ns/ipc" else . end)'
  set_args /bin/true
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
}

@test "joining a namespace file of the wrong type fails" {
  make_bundle
  local a pid
  a=$(cid a)
  rt_run_d "$a"
  pid=$(container_pid "$a")
  make_bundle "$TEST_DIR/b"
  CFG_BUNDLE=$TEST_DIR/b cfg '.linux.namespaces |= map(if .type == "ipc"
      then .path = "/proc/\($p)/ns/net" else . end)' --arg p "$pid"
  CFG_BUNDLE=$TEST_DIR/b set_args /bin/true
  run rt run --bundle "$TEST_DIR/b" "$(cid b)" </dev/null
  assert_failure
}

@test "a time namespace is new when the runtime supports it" {
  if ! rt features 2>/dev/null | jq -e '.linux.namespaces | index("time")' >/dev/null; then
    skip "$RUNTIME_NAME does not list the time namespace in features (runc < 1.2)"
  fi
  make_bundle
  set_args /probe ns
  cfg '.linux.namespaces += [{"type": "time"}]'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  [ "$(ns_inode "$output" time)" != "$(host_ns_inode time)" ] || fail "time ns not new"
}

@test "namespaces suite leaked nothing" {
  suite_leak_check
}
