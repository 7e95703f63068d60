#!/usr/bin/env bats
# Volumes filled from the image when a container is created: docker's copy of the image's files
# into an empty volume, nocopy, bind mounts left alone, symlinks never followed, bad options.

load helpers
load berth_helpers

setup() {
  setup_with_busybox
  import_data_image
}

# A "dataimg" image: busybox plus /data (1000:1001 0770) holding a 0640 file of uid 1000, a
# directory, a hard link, a symlink to the host-looking /etc/shadow and one climbing out with
# "..", and /escape, a symlink that climbs out of the rootfs as a mount destination.
import_data_image() {
  local rootfs=$TEST_DIR/dataimg
  cp -a "$E2E_ROOTFS_TEMPLATE" "$rootfs"
  mkdir -p "$rootfs/data/sub"
  echo owned >"$rootfs/data/owned"
  chown 1000:1000 "$rootfs/data/owned"
  chmod 0640 "$rootfs/data/owned"
  echo deep >"$rootfs/data/sub/file"
  ln "$rootfs/data/owned" "$rootfs/data/sub/owned-link"
  echo gone >"$rootfs/data/gone"
  ln -s /etc/shadow "$rootfs/data/shadow"
  ln -s ../../../../../../../../etc "$rootfs/data/up"
  chown 1000:1001 "$rootfs/data"
  chmod 0770 "$rootfs/data"
  ln -s ../../../../../../../../etc "$rootfs/escape"
  tar -C "$rootfs" -cf "$TEST_DIR/dataimg.tar" .
  b import "$TEST_DIR/dataimg.tar" dataimg >/dev/null
}

mountpoint_of() { b volume inspect "$1" | jq -er '.[0].Mountpoint'; }

@test "a new named volume gets the image's files with their owner and mode; a second container sees them" {
  b run --rm -v filled:/data dataimg true
  local vol
  vol=$(mountpoint_of filled)
  assert_equal "$(stat -c '%u:%g %a' "$vol")" "1000:1001 770"
  assert_equal "$(stat -c '%u:%g %a' "$vol/owned")" "1000:1000 640"
  assert_equal "$(cat "$vol/sub/file")" deep
  assert_equal "$(stat -c %i "$vol/owned")" "$(stat -c %i "$vol/sub/owned-link")"
  # Another image, no /data of its own: it sees what the first container's create put there.
  run b run --rm -v filled:/data busybox sh -c 'cat /data/owned; stat -c "%u %a" /data/owned'
  assert_success
  assert_equal "$output" "owned
1000 640"
  b volume rm filled >/dev/null
}

@test "the copy happens at create, from the image's merged layers, and anonymous volumes get it too" {
  mkdir "$TEST_DIR/ctx"
  printf 'FROM dataimg\nRUN rm /data/gone && echo added > /data/added\n' | b build -q -t layered -f - "$TEST_DIR/ctx" >/dev/null
  b create --name c1 -v early:/data layered true >/dev/null
  local vol
  vol=$(mountpoint_of early)
  [ -f "$vol/owned" ] || fail "not filled at create: $(ls -A "$vol")"
  assert_equal "$(cat "$vol/added")" added
  [ ! -e "$vol/gone" ] || fail "a file the upper layer deleted was copied"
  [ -z "$(ls -A "$BERTH_RUNROOT/containers" 2>/dev/null)" ] || fail "create left a mount point: $(ls -R "$BERTH_RUNROOT/containers")"
  b create --name c2 -v /data dataimg true >/dev/null
  local anon
  anon=$(b inspect -f '{{json .Mounts}}' c2 | jq -r '.[0].Source')
  [ -f "$anon/owned" ] || fail "anonymous volume not filled"
  b rm -v c1 c2 >/dev/null
  b volume rm early >/dev/null
}

@test "a volume that is not empty is left as it is; an existing empty one is filled" {
  b volume create kept >/dev/null
  local vol
  vol=$(mountpoint_of kept)
  echo mine >"$vol/mine"
  chmod 0755 "$vol"
  b run --rm -v kept:/data dataimg true
  assert_equal "$(ls -A "$vol")" mine
  assert_equal "$(stat -c '%u:%g %a' "$vol")" "0:0 755"
  b volume create empty >/dev/null
  b run --rm -v empty:/data dataimg true
  [ -f "$(mountpoint_of empty)/owned" ] || fail "existing empty volume not filled"
  b volume rm kept empty >/dev/null
}

@test "nocopy and volume-nocopy leave the volume empty; bind mounts are never filled" {
  b run --rm -v quiet1:/data:nocopy dataimg true
  assert_equal "$(ls -A "$(mountpoint_of quiet1)")" ""
  b run --rm --mount type=volume,src=quiet2,dst=/data,volume-nocopy dataimg true
  assert_equal "$(ls -A "$(mountpoint_of quiet2)")" ""
  b run --rm --mount type=volume,src=loud,dst=/data,volume-nocopy=false dataimg true
  [ -f "$(mountpoint_of loud)/owned" ] || fail "volume-nocopy=false did not fill"
  mkdir "$TEST_DIR/host"
  b run --rm -v "$TEST_DIR/host:/data" dataimg true
  b run --rm --mount "type=bind,src=$TEST_DIR/host,dst=/data" dataimg true
  assert_equal "$(ls -A "$TEST_DIR/host")" ""
  b volume rm quiet1 quiet2 loud >/dev/null
}

@test "symlinks are copied as symlinks, never followed, and a destination cannot climb out of the rootfs" {
  local before
  before=$(sha256sum /etc/shadow /etc/passwd)
  b run --rm -v links:/data dataimg true
  local vol
  vol=$(mountpoint_of links)
  [ -L "$vol/shadow" ] || fail "shadow is not a symlink"
  assert_equal "$(readlink "$vol/shadow")" /etc/shadow
  [ -L "$vol/up" ] || fail "up is not a symlink"
  assert_equal "$(sha256sum /etc/shadow /etc/passwd)" "$before"
  # /escape -> ../../…/etc resolves inside the rootfs: the image's /etc is copied, not the host's.
  b run --rm -v esc:/escape dataimg true
  # (With the volume at /etc, the mount points of /etc/hostname, hosts and resolv.conf are made
  # in it, as docker makes them.)
  diff <(ls -A "$E2E_ROOTFS_TEMPLATE/etc") <(ls -A "$(mountpoint_of esc)" | grep -vxE 'hostname|hosts|resolv.conf') ||
    fail "not the image's /etc"
  b volume rm links esc >/dev/null
}

@test "a failed copy removes the container and empties the volumes it had filled" {
  b volume create first >/dev/null
  b volume create ro >/dev/null
  local ro
  ro=$(mountpoint_of ro)
  mount -t tmpfs -o ro tmpfs "$ro"
  run b create --name broken -v first:/data -v ro:/data/sub dataimg true
  umount "$ro"
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "to volume ro"
  assert_equal "$(b ps -aq)" ""
  assert_equal "$(ls -A "$(mountpoint_of first)")" ""
  assert_equal "$(stat -c '%u:%g %a' "$(mountpoint_of first)")" "0:0 755"
  b volume rm first ro >/dev/null
}

@test "a volume that cannot be made: 125 naming it, and no container is left" {
  # Volumes are made just after the record is saved (so a crash cannot leave an anonymous
  # volume that nothing names); when that fails, the record goes again.
  mkdir -p "$BERTH_ROOT/volumes"
  : >"$BERTH_ROOT/volumes/blocked"  # a file where the volume's directory would go
  run b create --name novol -v blocked:/data busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "volumes/blocked: ENOTDIR"
  assert_equal "$(b ps -aq)" ""
  b create --name novol busybox true >/dev/null  # the name is free again
  rm "$BERTH_ROOT/volumes/blocked"
}

@test "unknown or misplaced volume options are refused with 125 and nothing is created" {
  run b run --rm -v bad:/data:bogus dataimg true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "invalid mode: bogus"
  run b run --rm --mount type=volume,src=bad,dst=/data,volume-nocopy=maybe dataimg true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "invalid value for volume-nocopy: maybe"
  run b run --rm --mount type=volume,src=bad,dst=/data,volume-copy dataimg true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "invalid field 'volume-copy' must be a key=value pair"
  run b run --rm --mount type=volume,src=bad,dst=/data,volume-copy=1 dataimg true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "unexpected key 'volume-copy' in 'volume-copy=1'"
  mkdir "$TEST_DIR/host"
  run b run --rm -v "$TEST_DIR/host:/data:nocopy" dataimg true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains 'invalid mount config for type "bind": field VolumeOptions must not be specified'
  run b run --rm --mount "type=bind,src=$TEST_DIR/host,dst=/data,volume-nocopy" dataimg true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$(b ps -aq)" ""
  assert_equal "$(b volume ls -q)" ""
}

@test "volume ls and inspect as docker prints them: 10-wide columns, -f, CreatedAt to the second" {
  b volume create shown >/dev/null
  run b volume ls
  assert_success
  assert_equal "$(head -1 <<<"$output")" "DRIVER    VOLUME NAME"
  assert_output_contains "local     shown"
  run b volume inspect -f '{{.Name}}|{{.Driver}}|{{.Scope}}|{{.CreatedAt}}' shown
  assert_success
  assert_output_matches '^shown\|local\|local\|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
  b volume rm shown >/dev/null
}

@test "volume prune: unused anonymous volumes (named ones with -a), after asking; in-use kept; bytes counted" {
  b volume create old >/dev/null
  b run --rm -v old:/v busybox sh -c 'printf 12345 >/v/f'
  b run -d --name user -v keep:/k busybox sleep 100 >/dev/null
  b run --name anon -v /a busybox sh -c 'head -c 2000 /dev/zero >/a/z'
  b rm anon >/dev/null  # without -v: its anonymous volume stays
  local anon
  anon=$(b volume ls -q | grep -Ev '^(old|keep)$')
  [ -n "$anon" ] || fail "no anonymous volume"
  run b volume prune <<<"n"
  assert_output_contains "WARNING! This will remove anonymous local volumes not used by at least one container."
  assert_equal "$(b volume ls -q | sort)" "$(printf '%s\n' "$anon" keep old | sort)"
  run b volume prune -f
  assert_success
  assert_equal "$output" $'Deleted Volumes:\n'"$anon"$'\n\nTotal reclaimed space: 2kB'
  run b volume prune -a <<<"y"
  assert_success
  assert_output_contains "WARNING! This will remove all local volumes not used by at least one container."
  assert_output_contains $'Deleted Volumes:\nold\n\nTotal reclaimed space: 5B'
  assert_equal "$(b volume ls -q)" keep  # in use by a running container
  b rm -f user >/dev/null
}

@test "volume create --label, ls --format and --filter, docker's errors for other drivers and options" {
  b volume create --label team=ipc --label tier va >/dev/null
  b volume create vb >/dev/null
  b run -d --name user -v vb:/data busybox sleep 100 >/dev/null
  assert_equal "$(b volume inspect -f '{{json .Labels}}' va)" '{"team":"ipc","tier":""}'
  assert_equal "$(b volume ls --format '{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}} {{.Links}}' -f name=v)" \
    $'va local local team=ipc,tier= N/A\nvb local local  N/A'
  assert_equal "$(b volume ls -q -f label=team=ipc)" va
  assert_equal "$(b volume ls -q -f label=team=other)" ""
  assert_equal "$(b volume ls -q -f name=v -f dangling=true)" va
  assert_equal "$(b volume ls -q -f name=v -f dangling=false)" vb
  # One key twice: either; the default table and json as newer docker CLIs print them.
  assert_equal "$(b volume ls -q -f name=va -f name=vb)" $'va\nvb'
  run b volume ls -f name=va
  assert_equal "$output" $'DRIVER    VOLUME NAME\nlocal     va'
  run b volume ls --format json -f name=vb
  assert_output_contains '"Name":"vb"'
  assert_output_contains '"Driver":"local"'
  run b volume ls --format '{{.Nope}}'
  assert_failure 1
  assert_output_contains "can't evaluate field Nope"
  run b volume ls -f bogus=1
  assert_failure 1
  assert_output_contains "Invalid filter 'bogus'"
  run b volume create -d nfs vx
  assert_failure 1
  assert_output_contains 'error looking up volume plugin nfs: plugin "nfs" not found'
  run b volume create -o type=tmpfs vy
  assert_failure 1
  assert_output_contains "not supported"
  run b volume ls -q -f name=vx -f name=vy
  assert_equal "$output" ""
}

@test "-v makes a missing host directory at start (not at create); --mount wants it, or bind-create-mountpoint" {
  local host=$TEST_DIR/made/by/v
  b create --name made -v "$host:/data" busybox true >/dev/null
  [ ! -e "$host" ] || fail "made at create"
  b start -a made
  assert_equal "$(stat -c '%u:%g %a %F' "$host")" "0:0 755 directory"
  run b run --rm --mount "type=bind,src=$TEST_DIR/not/there,dst=/data" busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "invalid mount config for type \"bind\": bind source path does not exist: $TEST_DIR/not/there"
  b run --rm --mount "type=bind,src=$TEST_DIR/not/there,dst=/data,bind-create-mountpoint" busybox true
  [ -d "$TEST_DIR/not/there" ] || fail "bind-create-mountpoint made nothing"
  b rm made >/dev/null
}

@test "--mount bind-recursive: disabled leaves the source's submounts out, readonly makes them read-only too" {
  mkdir -p "$TEST_DIR/src/sub"
  mount -t tmpfs tmpfs "$TEST_DIR/src/sub"
  echo inner >"$TEST_DIR/src/sub/file"
  run b run --rm --mount "type=bind,src=$TEST_DIR/src,dst=/s" busybox cat /s/sub/file
  assert_equal "$output" inner
  run b run --rm --mount "type=bind,src=$TEST_DIR/src,dst=/s,bind-recursive=disabled" busybox cat /s/sub/file
  [ "$status" -ne 0 ] || fail "the submount came along: $output"
  run b run --rm --mount "type=bind,src=$TEST_DIR/src,dst=/s,bind-nonrecursive" busybox cat /s/sub/file
  [ "$status" -ne 0 ] || fail "the submount came along: $output"
  run b run --rm --mount "type=bind,src=$TEST_DIR/src,dst=/s,readonly,bind-recursive=readonly" busybox \
    sh -c 'touch /s/sub/new'
  [ "$status" -ne 0 ] || fail "the submount stayed writable"
  assert_output_contains "Read-only file system"
  run b run --rm --mount "type=bind,src=$TEST_DIR/src,dst=/s,bind-recursive=readonly" busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction"
  umount "$TEST_DIR/src/sub"
}

@test "volume-label labels the volume --mount creates; inspect shows -v in Binds, --mount in HostConfig.Mounts, --tmpfs in Tmpfs" {
  mkdir "$TEST_DIR/h"
  b create --name shown -v "$TEST_DIR/h:/a:ro,rslave" -v named:/b \
    --mount "type=volume,src=labelled,dst=/c,volume-label=team=ipc" --mount type=tmpfs,dst=/d,tmpfs-size=1m \
    --tmpfs /e:size=2m busybox true >/dev/null
  assert_equal "$(b volume inspect -f '{{json .Labels}}' labelled)" '{"team":"ipc"}'
  run b inspect -f '{{json .HostConfig.Binds}} {{json .HostConfig.Tmpfs}}' shown
  assert_equal "$output" "[\"$TEST_DIR/h:/a:ro,rslave\",\"named:/b\"] {\"/e\":\"size=2m\"}"
  run b inspect -f '{{json .HostConfig.Mounts}}' shown
  assert_equal "$output" '[{"Source":"labelled","Target":"/c","Type":"volume","VolumeOptions":{"DriverConfig":{},"Labels":{"team":"ipc"}}},{"Target":"/d","TmpfsOptions":{"SizeBytes":1048576},"Type":"tmpfs"}]'
  local points
  points=$(b inspect -f '{{json .Mounts}}' shown | jq -j '.[] | "\(.Destination)=\(.Mode)/\(.Propagation) "')
  assert_equal "$points" "/a=ro,rslave/rslave /b=z/ /c=z/ /d=/ /e=/ "
  b rm shown >/dev/null
  b volume rm named labelled >/dev/null
}

@test "mount flags docker refuses are refused in its words, with 125, and nothing is created" {
  mkdir "$TEST_DIR/h"
  run b run --rm -v "$TEST_DIR/h:/" busybox true  # would have covered the container's root
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "invalid volume specification: '$TEST_DIR/h:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'"
  run b run --rm -v 'bad name!:/x' busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "create bad name!: \"bad name!\" includes invalid characters for a local volume name"
  run b run --rm -v x:/x busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "create x: volume name is too short, names should be at least two alphanumeric characters"
  run b run --rm -v :/x busybox true
  assert_output_contains "invalid spec: :/x: empty section between colons"
  run b run --rm --mount "type=bind,src=$TEST_DIR/h,dst=/x,tmpfs-size=1m" busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "for \"--mount\" flag: cannot mix 'tmpfs-*' options with mount type 'bind'"
  run b run --rm --mount type=volume,dst=/x,readonly busybox true
  assert_output_contains "must not set ReadOnly mode when using anonymous volumes"
  run b run --rm --tmpfs / busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "invalid specification: destination can't be '/'"
  assert_equal "$(b ps -aq)" ""
  assert_equal "$(b volume ls -q)" ""
}
