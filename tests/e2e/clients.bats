#!/usr/bin/env bats
# Real clients drive the runtime: podman (--runtime) and containerd's ctr (--runc-binary), each
# with private storage under the test dir, stopped and cleaned afterwards.

load helpers

# podman with private storage, cgroups under a tagged parent, and this machine's limits:
# podman asks for RLIMIT_NOFILE 1048576 and a large NPROC, above the hard limits here.
pod() {
  podman --root "$TEST_DIR/podman/root" --runroot "$TEST_DIR/podman/runroot" \
    --tmpdir "$TEST_DIR/podman/tmp" --storage-driver vfs --cgroup-manager cgroupfs \
    --events-backend file --runtime "$RUNTIME" "$@"
}

POD_RUN_OPTS=()

setup_podman() {
  command -v podman >/dev/null || skip "podman not installed"
  make_rootfs "$TEST_DIR/image"
  tar -C "$TEST_DIR/image" -c . | pod import - localhost/berth-e2e:latest >/dev/null 2>&1
  local nofile nproc
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  [[ "$nofile" == unlimited || "$nofile" -gt 10000 ]] && nofile=10000
  [[ "$nproc" == unlimited || "$nproc" -gt 4096 ]] && nproc=4096
  POD_RUN_OPTS=(--network none --cgroup-parent "/$ID_TAG-podman"
    --ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
  PODMAN_USED=1
}

# containerd with its own root, state, socket and config; shims run runc from $RUNTIME.
setup_containerd() {
  command -v containerd >/dev/null && command -v ctr >/dev/null || skip "containerd not installed"
  local dir=$TEST_DIR/ctrd
  mkdir -p "$dir"
  [ -e /run/containerd ] || CTRD_MADE_RUN_DIR=1
  cat >"$dir/config.toml" <<EOF
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$dir/sock"
[ttrpc]
  address = "$dir/sock.ttrpc"
EOF
  containerd --config "$dir/config.toml" </dev/null >"$dir/log" 2>&1 &
  CTRD_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    ctr --address "$dir/sock" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "containerd did not start: $(cat "$dir/log")"
}

ctrd() { ctr --address "$TEST_DIR/ctrd/sock" "$@"; }

# ctr_run ID CMD...: a container from the test rootfs, in a tagged cgroup, removed on exit.
ctr_run() {
  local id=$1
  shift
  ctrd run --rm --runc-binary "$RUNTIME" --cgroup "/$id" --rootfs "$BUNDLE/rootfs" "$id" "$@"
}

extra_cleanup() {
  if [ -n "${PODMAN_USED:-}" ]; then
    pod rm --all --force --time 0 >/dev/null 2>&1
    pod rmi --all --force >/dev/null 2>&1
    local c
    for c in /sys/fs/cgroup/*/"$ID_TAG-podman" /sys/fs/cgroup/memory/*/*/"$ID_TAG-podman"; do
      [ -d "$c" ] || continue
      [ -d "$c/conmon" ] && rmdir "$c/conmon"
      rmdir "$c"
    done
  fi
  if [ -n "${CTRD_PID:-}" ]; then
    kill "$CTRD_PID" 2>/dev/null
    wait "$CTRD_PID" 2>/dev/null
    # The shim keeps runc's state and ctr its fifos under /run/containerd whatever --state says.
    if [ -n "${CTRD_MADE_RUN_DIR:-}" ]; then
      rmdir /run/containerd/runc/default /run/containerd/runc /run/containerd/fifo \
        /run/containerd/s /run/containerd 2>/dev/null
    fi
  fi
  # vfs keeps read-only copies of layers; make them removable.
  [ -d "$TEST_DIR/podman" ] && chattr -R -i "$TEST_DIR/podman" 2>/dev/null
  return 0
}

@test "podman runs a container with the runtime and passes the exit code through" {
  setup_podman
  run pod run --rm "${POD_RUN_OPTS[@]}" localhost/berth-e2e /probe exit 3
  assert_failure 3
  run pod run --rm "${POD_RUN_OPTS[@]}" localhost/berth-e2e /bin/echo hello-podman
  assert_success
  assert_equal "$output" hello-podman
}

@test "podman's namespaces are new for the container" {
  setup_podman
  run pod run --rm "${POD_RUN_OPTS[@]}" localhost/berth-e2e /probe ns
  assert_success
  local t
  for t in pid ipc uts mnt; do
    [ "$(ns_inode "$output" "$t")" != "$(host_ns_inode "$t")" ] || fail "$t is the host's"
  done
}

@test "podman: --ipc container: shares IPC objects, a default container does not" {
  setup_podman
  local key=$((0x4247000 + RANDOM))
  pod run -d "${POD_RUN_OPTS[@]}" --name "$ID_TAG-a" --ipc shareable localhost/berth-e2e \
    /probe sleep 600 </dev/null >/dev/null 2>&1
  run pod exec "$ID_TAG-a" /probe sysv-shm-create "$key" 4096
  assert_success
  run pod exec "$ID_TAG-a" /probe mq-create berth-e2e
  assert_success
  run pod run --rm "${POD_RUN_OPTS[@]}" --ipc "container:$ID_TAG-a" localhost/berth-e2e \
    /bin/sh -c "/probe sysv-shm-visible $key && /probe mq-visible berth-e2e"
  assert_success
  assert_equal "$output" "visible
visible"
  run pod run --rm "${POD_RUN_OPTS[@]}" localhost/berth-e2e /probe sysv-shm-visible "$key"
  assert_failure
  assert_equal "$output" invisible
}

@test "podman exec and stop work through the runtime" {
  setup_podman
  pod run -d "${POD_RUN_OPTS[@]}" --name "$ID_TAG-a" localhost/berth-e2e /probe sleep 600 \
    </dev/null >/dev/null 2>&1
  run pod exec "$ID_TAG-a" /probe cwd
  assert_success
  assert_equal "$output" /
  run pod stop --time 1 "$ID_TAG-a"
  assert_success
  run pod inspect --format '{{.State.Status}}' "$ID_TAG-a"
  assert_equal "$output" exited
}

@test "containerd's ctr runs a container with the runtime and passes the exit code through" {
  setup_containerd
  make_bundle
  run ctr_run "$(cid a)" /probe exit 3
  assert_failure 3
  run ctr_run "$(cid b)" /bin/echo hello-containerd
  assert_success
  assert_equal "$output" hello-containerd
}

@test "containerd: a detached task can be exec'd into, killed and deleted" {
  setup_containerd
  make_bundle
  local id
  id=$(cid a)
  ctrd run -d --runc-binary "$RUNTIME" --cgroup "/$id" --rootfs "$BUNDLE/rootfs" "$id" \
    /probe sleep 600 </dev/null >/dev/null 2>&1
  run ctrd task exec --exec-id e1 "$id" /probe ns
  assert_success
  [ "$(ns_inode "$output" pid)" != "$(host_ns_inode pid)" ] || fail "host pid ns"
  run ctrd task kill --signal SIGKILL "$id"
  assert_success
  local i
  for ((i = 0; i < 50; i++)); do
    ctrd task ls | grep -q "$id.*STOPPED" && break
    sleep 0.1
  done
  run ctrd task delete "$id"
  assert_success
  run ctrd container delete "$id"
  assert_success
}

@test "clients suite leaked nothing" {
  suite_leak_check
}
