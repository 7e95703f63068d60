# Helpers for the suites that drive the engine, `berth`: a private --root/--runroot and cgroup
# parent per test, a busybox image imported from the template rootfs, and engine leak checks.
# Load after helpers: `load helpers; load berth_helpers`.

BERTH=${BERTH_BIN:-$BERTH_BUILD/bin/berth}

setup() { berth_setup; }

berth_setup() {
  e2e_setup
  [ -x "$BERTH" ] || skip "berth not built"
  BERTH_ROOT=$TEST_DIR/root
  BERTH_RUNROOT=$TEST_DIR/runroot
}

# setup, plus a "busybox" image: for suites whose every test runs containers.
setup_with_busybox() {
  berth_setup
  import_busybox busybox
}

teardown() {
  [ -n "${TEST_DIR:-}" ] && [ -d "$TEST_DIR" ] || return 0
  local ids
  ids=$(b ps -aq --no-trunc 2>/dev/null || true)
  [ -z "$ids" ] || b rm -f $ids >/dev/null 2>&1 || true
  local status=0
  if [ -n "$(berth_leaked_cgroups)" ]; then
    echo "LEAK (cgroups): $(berth_leaked_cgroups)" >&2
    status=1
  fi
  if [ -n "$(berth_leaked_monitors)" ]; then
    echo "LEAK (monitors): $(berth_leaked_monitors)" >&2
    status=1
    kill -9 $(berth_leaked_monitors) 2>/dev/null || true
  fi
  remove_cgroup_parents
  e2e_teardown || status=1
  return $status
}

# b ARGS: berth with this test's private roots and cgroup parent.
b() { "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG" "$@"; }

# import_busybox [REF]: imports the template rootfs (busybox, /probe, root and nobody) as REF.
import_busybox() {
  local ref=${1:-busybox}
  tar -C "$E2E_ROOTFS_TEMPLATE" -cf "$TEST_DIR/busybox.tar" .
  b import "$TEST_DIR/busybox.tar" "$ref" >/dev/null
}

# Processes of ours that name this test's roots: monitors left behind.
# The pattern is bracketed so that grep's own command line (which holds it) does not match: grep
# may still be alive when its pid is checked.
berth_leaked_monitors() {
  grep -l -- "[${TEST_DIR:0:1}]${TEST_DIR:1}/" /proc/[0-9]*/cmdline 2>/dev/null |
    awk -F/ -v self="$$" '$3 != self { print $3 }' | while read -r p; do process_gone "$p" || echo "$p"; done
}

# Container cgroups under this test's parent that remain after every container was removed.
berth_leaked_cgroups() { find /sys/fs/cgroup -mindepth 2 -type d -path "*/$ID_TAG/*" 2>/dev/null; }

remove_cgroup_parents() {
  # The kernel may still be tearing down a just-emptied child (EBUSY): retry briefly.
  local try
  for try in $(seq 50); do
    find /sys/fs/cgroup -mindepth 1 -depth -type d -path "*/$ID_TAG*" -exec rmdir {} \; 2>/dev/null || true
    [ -z "$(find /sys/fs/cgroup -mindepth 1 -type d -path "*/$ID_TAG*" 2>/dev/null)" ] && return 0
    sleep 0.1
  done
  echo "cgroup parents left: $(find /sys/fs/cgroup -mindepth 1 -type d -path "*/$ID_TAG*")" >&2
}
