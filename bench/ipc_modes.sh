#!/usr/bin/env bash
# The cost of creating (and running, and removing) a container in each IPC mode:
# `berth run --rm --ipc MODE IMG true`, one hyperfine run, on a busybox image imported from
# Debian's busybox-static. Usage: bench/ipc_modes.sh  (as root, after `make build`)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
berth_bin=${BERTH:-$repo/build/bin/berth}
results=$repo/bench/results
work=$(mktemp -d /tmp/berth-bench-ipcmodes.XXXXXX)
B="$berth_bin --root $work/root --runroot $work/runroot --cgroup-parent /berth-bench-ipcmodes"

cleanup() {
  $B rm -f donor >/dev/null 2>&1 || true
  rmdir /sys/fs/cgroup/*/berth-bench-ipcmodes 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { echo "bench/ipc_modes.sh: run as root" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is missing (scripts/install-deps)" >&2; exit 1; }

mkdir -p "$work/rootfs/bin" "$results"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
ln -s busybox "$work/rootfs/bin/true"
ln -s busybox "$work/rootfs/bin/sleep"
tar -C "$work/rootfs" -cf "$work/busybox.tar" .
$B import "$work/busybox.tar" busybox >/dev/null
$B run -d --name donor busybox sleep 100000 >/dev/null

hyperfine -N -w 3 -r "${RUNS:-30}" --export-markdown "$results/ipc-modes.md" \
  -n shareable "$B run --rm --ipc shareable busybox true" \
  -n private "$B run --rm --ipc private busybox true" \
  -n none "$B run --rm --ipc none busybox true" \
  -n host "$B run --rm --ipc host busybox true" \
  -n "container:donor" "$B run --rm --ipc container:donor busybox true" \
  -n "ns:<donor's pin>" "$B run --rm --ipc ns:$work/runroot/ipc/$($B inspect -f '{{.Id}}' donor)/ns busybox true"
cat "$results/ipc-modes.md"
