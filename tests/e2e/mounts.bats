#!/usr/bin/env bats
# Mounts: bind read-write and read-only, tmpfs with options, destinations created on demand,
# a read-only root, and symlinks in the rootfs that must not redirect a mount to the host.

load helpers


# mount_line OUTPUT TARGET: the `probe mounts` line for TARGET.
mount_line() { awk -v t="$2" '$1 == t' <<<"$1" | tail -n 1; }

@test "a read-write bind mount shares writes with the host" {
  make_bundle
  mkdir "$TEST_DIR/data"
  echo from-host >"$TEST_DIR/data/in"
  add_mount '{"destination": "/data", "type": "bind", "source": "'"$TEST_DIR/data"'", "options": ["rbind", "rw"]}'
  set_args /bin/sh -c '/probe read-file /data/in && /probe write-file /data/out from-container'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_output_contains from-host
  assert_equal "$(cat "$TEST_DIR/data/out")" from-container
}

@test "a read-only bind mount refuses writes" {
  make_bundle
  mkdir "$TEST_DIR/data"
  add_mount '{"destination": "/data", "type": "bind", "source": "'"$TEST_DIR/data"'", "options": ["rbind", "ro"]}'
  set_args /bin/sh -c '/probe mounts; /probe write-file /data/out'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  assert_output_contains EROFS
  local opts
  opts=$(mount_line "$output" /data | awk '{ print $3 }')
  [[ ",$opts," == *,ro,* ]] || fail "not ro: $output"
  [ ! -e "$TEST_DIR/data/out" ]
}

@test "a tmpfs mount gets its size and mode" {
  make_bundle
  add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m", "mode=0710", "nosuid"]}'
  set_args /bin/sh -c '/probe mounts; /probe stat /scratch'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  local line
  line=$(mount_line "$output" /scratch)
  [[ "$line" == "/scratch tmpfs "*nosuid* ]] || fail "mount: $line"
  [[ "$line" == *size=1024k* ]] || fail "size: $line"
  assert_output_contains "mode 710"
}

@test "a full tmpfs refuses writes beyond its size" {
  make_bundle
  add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["size=64k"]}'
  set_args /bin/sh -c 'head -c 200000 /probe >/scratch/big'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
}

@test "missing mount destinations are created, nested directories and files alike" {
  make_bundle
  mkdir "$TEST_DIR/data"
  echo file-content >"$TEST_DIR/file"
  add_mount '{"destination": "/new/deep/dir", "type": "bind", "source": "'"$TEST_DIR/data"'", "options": ["rbind"]}'
  add_mount '{"destination": "/etc/new-file", "type": "bind", "source": "'"$TEST_DIR/file"'", "options": ["rbind", "ro"]}'
  set_args /bin/sh -c '/probe stat /new/deep/dir && /probe read-file /etc/new-file'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_output_contains "type dir"
  assert_output_contains file-content
}

@test "a read-only root refuses writes outside writable mounts" {
  make_bundle
  cfg '.root.readonly = true'
  add_mount '{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"}'
  set_args /bin/sh -c '/probe write-file /tmp/ok && /probe write-file /not-ok'
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  assert_output_contains written
  assert_output_contains EROFS
  [ ! -e "$BUNDLE/rootfs/not-ok" ]
}

@test "a relative bind source resolves against the bundle" {
  make_bundle
  mkdir "$BUNDLE/rel"
  echo relative >"$BUNDLE/rel/x"
  add_mount '{"destination": "/rel", "type": "bind", "source": "rel", "options": ["rbind"]}'
  set_args /probe read-file /rel/x
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_success
  assert_equal "$output" relative
}

# CVE-2021-30465 family: a symlink inside the rootfs used as a mount destination must be resolved
# inside the rootfs; the mount must never land on the host path the link names.
@test "an absolute symlink in the rootfs does not redirect a mount to the host" {
  make_bundle
  mkdir "$TEST_DIR/hostside" "$TEST_DIR/hostside2" "$TEST_DIR/data"
  ln -s "$TEST_DIR/hostside" "$BUNDLE/rootfs/mnt/escape"
  add_mount '{"destination": "/mnt/escape", "type": "bind", "source": "'"$TEST_DIR/data"'", "options": ["rbind"]}'
  add_mount '{"destination": "/mnt/escape2", "type": "tmpfs", "source": "tmpfs"}'
  ln -s "$TEST_DIR/hostside2" "$BUNDLE/rootfs/mnt/escape2"
  set_args /bin/sh -c '/probe write-file /mnt/escape/x; /probe write-file /mnt/escape2/y; /probe sleep 1'
  local id
  id=$(cid c)
  rt_run_d "$id"
  # While the container runs, nothing may be mounted on the host directory.
  run awk -v d="$TEST_DIR/hostside" 'index($5, d) == 1' /proc/self/mountinfo
  assert_equal "$output" ""
  wait_status "$id" stopped
  # Nothing written through the links may land on the host side. (Check the files themselves:
  # the temp dir's random name may contain any letter.)
  [ -z "$(ls -A "$TEST_DIR/hostside" "$TEST_DIR/hostside2" | grep -Ev '^$|:$')" ] || fail "written on the host"
  # The bind landed inside the rootfs, where the link resolves when the rootfs is the root.
  [ -e "$TEST_DIR/data/x" ] || [ -n "$(container_log "$id" | grep -i error)" ]
}

@test "a relative symlink climbing out of the rootfs does not redirect a mount to the host" {
  make_bundle
  mkdir "$TEST_DIR/hostside"
  ln -s "../../../../../../../../..$TEST_DIR/hostside" "$BUNDLE/rootfs/mnt/climb"
  add_mount '{"destination": "/mnt/climb", "type": "tmpfs", "source": "tmpfs"}'
  set_args /bin/sh -c '/probe write-file /mnt/climb/y; /probe sleep 1'
  local id
  id=$(cid c)
  rt_run_d "$id" || true
  run awk -v d="$TEST_DIR/hostside" '$5 == d' /proc/self/mountinfo
  assert_equal "$output" ""
  rt delete --force "$id" 2>/dev/null || true
  run ls -A "$TEST_DIR/hostside"
  assert_equal "$output" ""
}

@test "a bind source that does not exist fails the create" {
  make_bundle
  add_mount '{"destination": "/data", "type": "bind", "source": "'"$TEST_DIR/nope"'", "options": ["rbind"]}'
  set_args /bin/true
  run rt run --bundle "$BUNDLE" "$(cid c)" </dev/null
  assert_failure
  assert_output_contains "no such file"
}

@test "mounts suite leaked nothing" {
  suite_leak_check
}
