#!/usr/bin/env bats
# berth cp: docker's path rules both ways, running and stopped containers, "-" tars, owners,
# -L, volumes; and what must never happen: a container's symlink or a hostile tar on stdin
# leading a copy to the host's files.

load helpers
load berth_helpers

setup() {
  berth_setup
  HOST=$TEST_DIR/host  # what a container must never reach
  mkdir -p "$HOST"
  echo host-secret >"$HOST/secret"
  import_cp_image
  WORK=$TEST_DIR/work
  mkdir -p "$WORK"
  cd "$WORK"
}

# A "cpimg" image: busybox (with ln, rm and mv) plus /d (a file, a subdirectory, a link to /etc),
# /owned (1234:5678 0640), and links that point at the host: /hostlink (absolute),
# /climb ("../" enough to leave any rootfs), /shadowlink (/etc/shadow, which the image lacks).
import_cp_image() {
  local rootfs=$TEST_DIR/cpimg applet
  cp -a "$E2E_ROOTFS_TEMPLATE" "$rootfs"
  for applet in ln rm mv; do ln -sf busybox "$rootfs/bin/$applet"; done
  mkdir -p "$rootfs/d/sub"
  echo a >"$rootfs/d/a"
  echo b >"$rootfs/d/sub/b"
  ln -s /etc "$rootfs/d/etclink"
  echo mine >"$rootfs/owned"
  chown 1234:5678 "$rootfs/owned"
  chmod 0640 "$rootfs/owned"
  ln -s "$HOST" "$rootfs/hostlink"
  ln -s "../../../../../../../../../..$HOST" "$rootfs/climb"
  ln -s /etc/shadow "$rootfs/shadowlink"
  tar -C "$rootfs" -cf "$TEST_DIR/cpimg.tar" .
  b import "$TEST_DIR/cpimg.tar" cpimg >/dev/null
}

# The tests work in $WORK: this shell leaves it before the leak check looks at cwds.
extra_cleanup() { cd /; }

# The host's directory is as setup left it.
assert_host_untouched() {
  assert_equal "$(ls -A "$HOST")" secret
  assert_equal "$(cat "$HOST/secret")" host-secret
}

@test "a file comes out of a running container as a file, into a directory, or onto a file" {
  b run -d --name ctr cpimg sleep 600 >/dev/null
  b cp ctr:/d/a out
  assert_equal "$(cat out)" a
  mkdir into
  b cp ctr:/d/a into
  assert_equal "$(cat into/a)" a
  echo old >over
  b cp ctr:/d/a over
  assert_equal "$(cat over)" a
  # Out of the container files are the caller's; their mode stays.
  b cp ctr:/owned owned
  assert_equal "$(stat -c '%u:%g %a' owned)" "0:0 640"
  run b cp ctr:/d/a nodir/
  assert_failure 1
  assert_equal "$output" "berth: no such directory"
  run b cp ctr:/nope x
  assert_failure 1
  assert_equal "$output" "berth: Could not find the file /nope in container ctr"
}

@test "a directory comes out as a copy, inside an existing one, or as its contents with /." {
  b run -d --name ctr cpimg sleep 600 >/dev/null
  b cp ctr:/d copy
  assert_equal "$(cd copy && find . | sort | tr '\n' ' ')" ". ./a ./etclink ./sub ./sub/b "
  assert_equal "$(readlink copy/etclink)" /etc
  mkdir existing
  b cp ctr:/d existing
  assert_equal "$(cat existing/d/sub/b)" b
  # Again: merged, files overwritten.
  b cp ctr:/d existing
  assert_equal "$(ls existing)" d
  mkdir contents
  b cp ctr:/d/. contents
  assert_equal "$(ls contents | tr '\n' ' ')" "a etclink sub "
  echo f >file
  run b cp ctr:/d file
  assert_failure 1
  assert_equal "$output" "berth: cannot copy directory"
}

@test "files and directories go into a running container by docker's rules, owners kept" {
  b run -d --name ctr cpimg sleep 600 >/dev/null
  echo hostfile >hf
  chown 1234:5678 hf
  mkdir -p hd/s
  echo x >hd/x
  echo y >hd/s/y
  b cp hf ctr:/newf
  b cp hf ctr:/d
  b cp hd ctr:/hd1
  b cp hd ctr:/hd1
  b cp hd/. ctr:/d/sub
  run b exec ctr sh -c 'cat /newf /d/hf /hd1/x /hd1/hd/s/y /d/sub/x /d/sub/s/y; stat -c "%u:%g" /newf'
  assert_success
  assert_equal "$output" "hostfile
hostfile
x
y
x
y
1234:5678"
  run b cp hd ctr:/d/a
  assert_failure 1
  assert_equal "$output" "berth: cannot copy directory"
  run b cp hf ctr:/nodir/x
  assert_failure 1
  assert_equal "$output" "berth: Could not find the file /nodir in container ctr"
  mkdir a
  run b cp a ctr:/d
  assert_failure 1
  assert_equal "$output" 'berth: Error processing tar file(exit status 1): cannot overwrite non-directory "/d/a" with directory "/d"'
}

@test "-a gives what goes in the container's user; without it the source's owners stay" {
  b run -d --name ctr --user 1000:1001 cpimg sleep 600 >/dev/null
  echo f >f
  chown 1234:5678 f
  b cp f ctr:/plain
  b cp -a f ctr:/archived
  b container cp --archive f ctr:/long
  run b exec ctr stat -c '%u:%g' /plain /archived /long
  assert_success
  assert_equal "$output" "1234:5678
1000:1001
1000:1001"
}

@test "a stopped container is copied into and out of; its rootfs is not left mounted" {
  b create --name fresh cpimg sleep 600 >/dev/null
  b run --name done cpimg sh -c 'echo ran > /ran' >/dev/null
  echo in >in
  b cp in fresh:/in
  b cp in done:/d/
  b cp fresh:/d/a fresh-a
  b cp done:/ran ran
  assert_equal "$(cat fresh-a) $(cat ran)" "a ran"
  # (Their IPC namespaces stay pinned while they exist, as they do without a copy.)
  ! leaked_mounts | grep -q /rootfs || fail "a rootfs is mounted: $(leaked_mounts)"
  [ ! -e "$BERTH_RUNROOT/containers/$(b inspect -f '{{.Id}}' fresh)" ] || fail "the never started container has a run dir"
  assert_equal "$(b cp done:/d/in - | tar -xOf -)" in
  # What went in is in the layer the start mounts.
  b start fresh >/dev/null
  run b exec fresh cat /in
  assert_success
  assert_equal "$output" in
}

@test "a stopped container's layer keeps what was copied in across a restart of the container" {
  b create --name ctr cpimg sh -c 'cat /in /d/in' >/dev/null
  echo in >in
  b cp in ctr:/in
  b cp in ctr:/d/in
  run b start -a ctr
  assert_success
  assert_equal "$output" "in
in"
}

@test "- writes a tar of the source and reads one into a directory" {
  b run -d --name ctr cpimg sleep 600 >/dev/null
  assert_equal "$(b cp ctr:/d - | tar -tf - | sort | tr '\n' ' ')" "d/ d/a d/etclink d/sub/ d/sub/b "
  assert_equal "$(b cp ctr:/d/. - | tar -tf - | sort | tr '\n' ' ')" "./ ./a ./etclink ./sub/ ./sub/b "
  assert_equal "$(b cp ctr:/d/a - | tar -xOf -)" a
  mkdir -p t/in
  echo fromtar >t/in/f
  tar -C t -cf in.tar in
  b cp - ctr:/d <in.tar
  run b exec ctr cat /d/in/f
  assert_equal "$output" fromtar
  run b cp - ctr:/d/a <in.tar
  assert_failure 1
  assert_equal "$output" 'berth: destination "ctr:/d/a" must be a directory'
}

@test "-L copies what a symlink points to, under the link's name; without it, the link" {
  b run -d --name ctr cpimg sleep 600 >/dev/null
  b cp ctr:/d/etclink link
  assert_equal "$(readlink link)" /etc
  b cp -L ctr:/d/etclink followed
  [ -f followed/passwd ] || fail "not followed: $(ls -la followed)"
  mkdir dir
  b cp --follow-link ctr:/d/etclink dir
  [ -f dir/etclink/passwd ] || fail "$(ls -la dir)"
  ln -s "$WORK/followed/passwd" hostlink
  b cp -L hostlink ctr:/d/
  run b exec ctr head -1 /d/hostlink
  assert_equal "$output" "root:x:0:0:root:/root:/bin/sh"
}

@test "a running container's volumes are copied to and from; a read-only one and a read-only rootfs refuse" {
  b run -d --name ctr -v cpvol:/vol -v cpro:/ro:ro cpimg sleep 600 >/dev/null
  b run -d --name rot --read-only -v cprw:/rw cpimg sleep 600 >/dev/null
  echo v >v
  b cp v ctr:/vol/
  local mountpoint
  mountpoint=$(b volume inspect cpvol | jq -r '.[0].Mountpoint')
  assert_equal "$(cat "$mountpoint/v")" v
  echo in-volume >"$mountpoint/w"
  b cp ctr:/vol/w w
  assert_equal "$(cat w)" in-volume
  run b cp v ctr:/ro/
  assert_failure 1
  assert_equal "$output" "berth: mounted volume is marked read-only"
  run b cp v rot:/
  assert_failure 1
  assert_equal "$output" "berth: container rootfs is marked read-only"
  b cp v rot:/rw/
  run b exec rot cat /rw/v
  assert_equal "$output" v
  b rm -f ctr rot >/dev/null
  b volume rm cpvol cpro cprw >/dev/null
}

@test "a container's symlinks to host paths resolve inside the container, out and in" {
  b run -d --name ctr cpimg sleep 600 >/dev/null
  for link in hostlink climb; do
    run b cp "ctr:/$link/secret" "got-$link"
    assert_failure 1
    assert_equal "$output" "berth: Could not find the file /$link/secret in container ctr"
    run b cp -L "ctr:/$link" "dir-$link"
    assert_failure 1
    [ ! -e "dir-$link" ] || fail "the host's files came out: $(ls -la "dir-$link")"
  done
  run b cp -L ctr:/shadowlink shadow
  assert_failure 1
  assert_equal "$output" "berth: Could not find the file /etc/shadow in container ctr"
  # The link itself comes out as a link.
  b cp ctr:/hostlink link
  assert_equal "$(readlink link)" "$HOST"
  # Into the container through the links: what they name inside the container is made there.
  echo intruder >intruder
  b cp intruder ctr:/shadowlink
  b exec ctr mkdir -p "$HOST"
  b cp intruder ctr:/hostlink/
  b cp intruder ctr:/climb/
  assert_host_untouched
  ! grep -qs intruder /etc/shadow || fail "the host's /etc/shadow was written"
  run b exec ctr sh -c "cat /etc/shadow $HOST/intruder"
  assert_success
  assert_equal "$output" "intruder
intruder"
}

@test "a directory swapped for a link to the host while copies run never lets one reach the host" {
  # /race/x is a directory, then a link to the host's $HOST, each for ~20 ms: some copies find
  # the directory (and succeed), some the link (and find nothing), some see it change between
  # their lookup and their write.
  b run -d --name ctr cpimg sh -c "mkdir -p /race; while true; do mkdir /race/x; echo own > /race/x/own; sleep 0.02; rm -rf /race/x; ln -s $HOST /race/x; sleep 0.02; rm -f /race/x; done" >/dev/null
  echo intruder >intruder
  local i copied=0
  for i in $(seq 40); do
    b cp intruder ctr:/race/x/ 2>/dev/null && copied=$((copied + 1))
    b cp ctr:/race/x/. "out$i" 2>/dev/null && copied=$((copied + 1))
  done
  assert_host_untouched
  ! grep -rqs host-secret out* || fail "the host's file came out"
  [ "$copied" -gt 0 ] || fail "no copy ever found the directory: the race was not run"
}

@test "a hostile tar on stdin is refused: .., absolute names, a climb through a symlink, links out" {
  b run -d --name ctr cpimg sleep 600 >/dev/null
  b exec ctr mkdir /dest
  python3 - "$HOST" <<'EOF'
import io, sys, tarfile
host = sys.argv[1]
def tar(name, *entries):
    with tarfile.open(name, "w") as t:
        for path, kind, extra in entries:
            info = tarfile.TarInfo(path)
            if kind == "file":
                info.size = len(extra)
                t.addfile(info, io.BytesIO(extra.encode()))
                continue
            info.type = {"symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE}[kind]
            info.linkname = extra
            t.addfile(info)
tar("dotdot.tar", ("../../../../../../../.." + host + "/dotdot", "file", "pwned"))
tar("absolute.tar", (host + "/absolute", "file", "pwned"))
tar("climb.tar", ("evil", "symlink", host), ("evil/climbed", "file", "pwned"))
tar("hardlink.tar", ("hl", "hardlink", host + "/secret"))
EOF
  local t
  for t in dotdot absolute climb hardlink; do
    run b cp - ctr:/dest <"$t.tar"
    assert_failure 1
    assert_output_contains "berth: Error processing tar file(exit status 1): entry"
    assert_output_contains "refused"
  done
  assert_host_untouched
  run b exec ctr ls -A /dest
  assert_equal "$output" evil
}

@test "argument errors and missing containers in docker's words" {
  run b cp a b
  assert_failure 1
  assert_equal "$output" "berth: must specify at least one container source"
  run b cp x:/a y:/b
  assert_failure 1
  assert_equal "$output" "berth: copying between containers is not supported"
  run b cp a
  assert_failure 1
  assert_equal "${lines[0]}" '"berth cp" requires exactly 2 arguments.'
  run b container cp a
  assert_failure 1
  assert_equal "${lines[0]}" '"berth container cp" requires exactly 2 arguments.'
  run b cp nosuch:/a b
  assert_failure 1
  assert_equal "$output" "berth: No such container: nosuch"
  echo f >f
  run b cp f nosuch:/a
  assert_failure 1
  assert_equal "$output" "berth: No such container: nosuch"
  run b cp missing nosuch:/a
  assert_failure 1
  assert_equal "$output" "berth: lstat $WORK/missing: no such file or directory"
}
