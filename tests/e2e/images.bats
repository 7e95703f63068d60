#!/usr/bin/env bats
# berth's image commands: import, images, tag, rmi, image inspect, save/load round trips, interop
# with docker (where its engine is installed), podman and skopeo (docker-archive, OCI layouts with
# gzip and zstd layers), and hostile layers refused without changing the store.

load helpers
load berth_helpers

# A second berth store, for round trips.
b2() { "$BERTH" --root "$TEST_DIR/root2" --runroot "$TEST_DIR/runroot2" "$@"; }

# podman with private storage (vfs: no mounts to leak) under the test dir.
pod() {
  podman --root "$TEST_DIR/podman/root" --runroot "$TEST_DIR/podman/runroot" \
    --tmpdir "$TEST_DIR/podman/tmp" --storage-driver vfs --cgroup-manager cgroupfs \
    --events-backend file "$@"
}

need() { command -v "$1" >/dev/null || skip "$1 not installed"; }

# Docker's engine with its own data root, exec root and socket (vfs storage: no overlay mounts),
# no networking, its containers under a tagged cgroup parent. Skipped where Debian's docker.io is
# not installed (`scripts/install-deps bench` installs it; `make test` does not need it).
start_dockerd() {
  local dockerd i d=$TEST_DIR/docker
  dockerd=$(command -v dockerd) || skip "dockerd not installed (Debian: docker.io)"
  # The client from dockerd's own package: a newer docker CLI may come first in PATH.
  DOCKER=$(dirname "$(dirname "$dockerd")")/bin/docker
  [ -x "$DOCKER" ] || DOCKER=$(command -v docker) || skip "docker client not found"
  mkdir -p "$d"
  [ -e /run/docker ] || DOCKER_MADE_RUN_DIR=1
  [ -e /etc/docker ] || DOCKER_MADE_ETC_DIR=1
  "$dockerd" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/pid" -H "unix://$d/sock" \
    --storage-driver vfs --iptables=false --ip6tables=false --bridge=none --ip-forward=false \
    --ip-masq=false --cgroup-parent "/$ID_TAG-docker" </dev/null >"$d/log" 2>&1 &
  DOCKERD_PID=$!
  for ((i = 0; i < 240; i++)); do
    dk version >/dev/null 2>&1 && return 0
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.25
  done
  fail "dockerd did not start: $(tail -5 "$d/log")"
}

dk() { "$DOCKER" -H "unix://$TEST_DIR/docker/sock" "$@"; }

# stop_dockerd: its containers, dockerd, its containerd, the bind of its data root onto itself,
# and what it made outside the test dir. The test calls it (the teardown counts a process
# running from the test dir as a leak); extra_cleanup calls it again when the test failed.
stop_dockerd() {
  [ -n "${DOCKERD_PID:-}" ] || return 0
  local ids i m
  ids=$(dk ps -aq 2>/dev/null) || true
  [ -z "$ids" ] || dk rm -f $ids >/dev/null 2>&1 || true
  kill -TERM "$DOCKERD_PID" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$DOCKERD_PID" 2>/dev/null || true
  wait "$DOCKERD_PID" 2>/dev/null || true
  DOCKERD_PID=
  pkill -KILL -f -- "$TEST_DIR/docker" 2>/dev/null || true
  for m in $(awk -v d="$TEST_DIR/docker" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  if [ -n "${DOCKER_MADE_RUN_DIR:-}" ]; then rm -rf /run/docker; fi
  if [ -n "${DOCKER_MADE_ETC_DIR:-}" ]; then rm -rf /etc/docker; fi
  return 0
}

extra_cleanup() { stop_dockerd; }

# store_snapshot: every path in the store (but the lock) and the image list.
store_snapshot() {
  find "$BERTH_ROOT/image" -mindepth 1 ! -name .lock 2>/dev/null | sort
  b images -q --no-trunc
}

@test "import a tar, a directory and stdin" {
  import_busybox
  run b import "$E2E_ROOTFS_TEMPLATE" fromdir:v1
  assert_success
  [[ "$output" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "not an id: $output"
  run bash -c "gzip -c '$TEST_DIR/busybox.tar' | '$BERTH' --root '$BERTH_ROOT' import - fromstdin"
  assert_success
  [[ "$output" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "not an id: $output"
  run b images --format '{{.Repository}}:{{.Tag}}'
  assert_success
  assert_equal "$(sort <<<"$output" | tr '\n' ' ')" "busybox:latest fromdir:v1 fromstdin:latest "
  # The same tar twice: one layer, stored once.
  assert_equal "$(b image inspect -f '{{json .RootFS.Layers}}' busybox)" \
    "$(b image inspect -f '{{json .RootFS.Layers}}' fromstdin)"
  run b import "$TEST_DIR/no-such.tar"
  assert_failure 1
  assert_output_contains "no-such.tar"
}

@test "import --change sets the image config" {
  run b import -c 'CMD ["/bin/sh", "-c", "echo hi"]' -c 'ENV GREETING=hello' -c 'WORKDIR /tmp' \
    -c 'USER nobody' -c 'LABEL team=berth' -c 'EXPOSE 8080' -m "made by a test" \
    "$E2E_ROOTFS_TEMPLATE" changed
  assert_success
  run b image inspect changed
  assert_success
  assert_equal "$(jq -c '.[0].Config.Cmd' <<<"$output")" '["/bin/sh","-c","echo hi"]'
  assert_equal "$(jq -r '.[0].Config.Env[0]' <<<"$output")" "GREETING=hello"
  assert_equal "$(jq -r '.[0].Config.WorkingDir' <<<"$output")" "/tmp"
  assert_equal "$(jq -r '.[0].Config.User' <<<"$output")" "nobody"
  assert_equal "$(jq -r '.[0].Config.Labels.team' <<<"$output")" "berth"
  assert_equal "$(jq -r '.[0].Config.ExposedPorts | keys[0]' <<<"$output")" "8080/tcp"
  assert_equal "$(jq -r '.[0].Comment' <<<"$output")" "made by a test"
  run b import -c 'RUN true' "$E2E_ROOTFS_TEMPLATE" bad
  assert_failure 1
}

@test "images: docker's table, -q, --no-trunc, --format" {
  import_busybox
  run b images
  assert_success
  [[ "${lines[0]}" == "REPOSITORY   TAG       IMAGE ID       CREATED"*"SIZE" ]] || fail "header: ${lines[0]}"
  [[ "${lines[1]}" =~ ^busybox\ +latest\ +[0-9a-f]{12}\ +(Less\ than\ a\ second|[0-9]+\ seconds?)\ ago\ +[0-9.]+[kM]B$ ]] ||
    fail "row: ${lines[1]}"
  local id
  id=$(b images -q)
  [[ "$id" =~ ^[0-9a-f]{12}$ ]] || fail "-q: $id"
  run b images -q --no-trunc
  [[ "$output" == "sha256:$id"* && ${#output} -eq 71 ]] || fail "--no-trunc: $output"
  run b image ls --format '{{.ID}} {{.Repository}}'
  assert_equal "$output" "$id busybox"
  run b images --format '{{json .}}'
  assert_equal "$(jq -r .Tag <<<"$output")" "latest"
  run b images --format 'table {{.Repository}}\t{{.ID}}'
  assert_equal "${lines[0]}" "REPOSITORY   IMAGE ID"
  assert_equal "${lines[1]}" "busybox      $id"
  run b images busybox:other
  assert_equal "${#lines[@]}" 1
  run b image list -aq
  assert_equal "$output" "$id"
}

@test "images --filter: dangling, reference, label" {
  import_busybox
  b import "$TEST_DIR/busybox.tar" >/dev/null
  b import -c 'LABEL tier=web' "$E2E_ROOTFS_TEMPLATE" app/web:2 >/dev/null
  assert_equal "$(b images -q | wc -l)" 3
  run b images -f dangling=true --format '{{.Repository}}:{{.Tag}}'
  assert_equal "$output" "<none>:<none>"
  run b images --filter dangling=false --filter 'reference=app/*' --format '{{.Repository}}:{{.Tag}}'
  assert_equal "$output" "app/web:2"
  run b images -f label=tier=web --format '{{.Repository}}'
  assert_equal "$output" "app/web"
  run b images -f 'reference=busy*:latest' --format '{{.Repository}}'
  assert_equal "$output" "busybox"
  run b images -f nonsense=1
  assert_failure 1
  assert_output_contains "Invalid filter 'nonsense'"
  run b images -f dangling=maybe
  assert_failure 1
  assert_output_contains "Invalid filter 'dangling=[maybe]'"
  run b images -f nonsense
  assert_failure 125
  assert_output_contains 'invalid argument "nonsense" for "-f, --filter" flag: bad format of filter (expected name=value)'
}

@test "images REPOSITORY is a glob as dockerd reads it; --digests; before= and since=" {
  import_busybox
  b import -c 'LABEL n=1' "$E2E_ROOTFS_TEMPLATE" app/web:1 >/dev/null
  sleep 1.1  # creation times are compared to the second
  b import "$E2E_ROOTFS_TEMPLATE" app/web:2 >/dev/null
  run b images 'app/*' --format '{{.Repository}}:{{.Tag}}'
  assert_equal "$output" $'app/web:2\napp/web:1'
  run b images 'app*' --format '{{.Repository}}'  # "*" stops at "/", as Go's path.Match
  assert_equal "$output" ""
  run b images -f reference=busybox -f reference=app/web:1 --format '{{.Repository}}:{{.Tag}}'
  assert_equal "$(sort <<<"$output")" $'app/web:1\nbusybox:latest'
  run b images --digests app/web:2
  assert_output_matches '^REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE'  
  assert_output_contains "app/web      2         <none>"
  run b images -f since=app/web:1 --format '{{.Repository}}:{{.Tag}}'
  assert_equal "$output" "app/web:2"
  run b images -f before=app/web:2 -f reference='app/*' --format '{{.Repository}}:{{.Tag}}'
  assert_equal "$output" "app/web:1"
  run b images -f before=nosuch
  assert_failure 1
  assert_output_contains "No such image: nosuch:latest"
}

@test "tag and rmi: untag, then delete; missing images" {
  import_busybox
  local id
  id=$(b images -q --no-trunc)
  run b tag busybox mine:1.0
  assert_success
  run b tag busybox Bad:Name
  assert_failure 1
  assert_output_contains 'Error parsing reference: "Bad:Name" is not a valid repository/tag: invalid reference format: repository name (library/Bad) must be lowercase'
  run b run --rm 'a b' true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_equal "$output" "berth: invalid reference format"
  run b load -i "$TEST_DIR/no-such.tar"
  assert_failure 1
  assert_output_contains "open $TEST_DIR/no-such.tar: no such file or directory"
  run b tag nosuch x
  assert_failure 1
  assert_output_contains "No such image: nosuch:latest"
  run b images --format '{{.Repository}}:{{.Tag}} {{.ID}}'
  assert_equal "${#lines[@]}" 2
  run b rmi busybox
  assert_success
  assert_equal "$output" "Untagged: busybox:latest"
  run b image rm mine:1.0 nosuch
  assert_failure 1
  assert_equal "${lines[0]}" "Untagged: mine:1.0"
  assert_equal "${lines[1]}" "Deleted: $id"
  assert_output_contains "Error: No such image: nosuch:latest"
  run b images -q
  assert_equal "$output" ""
  [ -z "$(ls "$BERTH_ROOT/image/layers")" ] || fail "layers left: $(ls "$BERTH_ROOT/image/layers")"
}

@test "rmi by id: tags of several repositories need -f" {
  import_busybox
  b tag busybox other
  local id
  id=$(b images -q | head -1)
  run b rmi "$id"
  assert_failure 1
  assert_output_contains "must be forced"
  run b rmi -f "$id"
  assert_success
  assert_output_contains "Untagged: busybox:latest"
  assert_output_contains "Untagged: other:latest"
  assert_output_contains "Deleted: sha256:$id"
}

@test "image inspect: docker's shape and --format" {
  import_busybox
  run b image inspect busybox
  assert_success
  assert_equal "$(jq -r 'type' <<<"$output")" "array"
  assert_equal "$(jq -r '.[0].Id | test("^sha256:[0-9a-f]{64}$")' <<<"$output")" "true"
  assert_equal "$(jq -c '.[0].RepoTags' <<<"$output")" '["busybox:latest"]'
  assert_equal "$(jq -r '.[0].RootFS.Type' <<<"$output")" "layers"
  assert_equal "$(jq -r '.[0].RootFS.Layers | length' <<<"$output")" "1"
  assert_equal "$(jq -r '.[0].Size > 1000000' <<<"$output")" "true"
  assert_equal "$(jq -r '.[0].Os' <<<"$output")" "linux"
  assert_equal "$(jq -r '.[0].Architecture | length > 0' <<<"$output")" "true"
  assert_equal "$(jq -r '.[0].Created | test("^[0-9]{4}-")' <<<"$output")" "true"
  assert_equal "$(jq -r '.[0].Config | has("Env") and has("Cmd") and has("Entrypoint") and has("Labels")' <<<"$output")" "true"
  local id
  id=$(jq -r '.[0].Id' <<<"$output")
  run b image inspect -f '{{.Id}} {{json .Config.Cmd}}' busybox
  assert_equal "$output" "$id null"
  run b image inspect busybox nosuch
  assert_failure 1
  assert_equal "$(jq -r 'length' <<<"${lines[*]:0:${#lines[@]}-1}")" "1"
  assert_output_contains "Error: No such image: nosuch:latest"
}

@test "save and load: a round trip keeps ids and tags" {
  import_busybox
  b import -c 'CMD ["sh"]' "$E2E_ROOTFS_TEMPLATE" second:v2 >/dev/null
  b tag busybox busybox:again
  run b save -o "$TEST_DIR/saved.tar" busybox busybox:again second:v2
  assert_success
  tar -tf "$TEST_DIR/saved.tar" | grep -qx manifest.json || fail "no manifest.json"
  run b2 load -i "$TEST_DIR/saved.tar"
  assert_success
  assert_output_contains "Loaded image: busybox:latest"
  assert_output_contains "Loaded image: busybox:again"
  assert_output_contains "Loaded image: second:v2"
  assert_equal "$(b2 images --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' | sort)" \
    "$(b images --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' | sort)"
  # stdin and stdout; an image saved by id carries no tag.
  local id
  id=$(b images -q second:v2)
  b save "$id" >"$TEST_DIR/by-id.tar"
  b rmi second:v2 >/dev/null
  run bash -c "'$BERTH' --root '$BERTH_ROOT' load <'$TEST_DIR/by-id.tar'"
  assert_success
  [[ "$output" == "Loaded image ID: sha256:$id"* ]] || fail "load by id: $output"
  run b save nosuch
  assert_failure 1
  assert_output_contains "No such image: nosuch:latest"
  [ ! -e "$TEST_DIR/nosuch.tar" ]
}

@test "save refuses to write to a terminal" {
  import_busybox
  run script -qec "$BERTH --root $BERTH_ROOT save busybox" /dev/null
  assert_failure
  assert_output_contains "cowardly refusing to save to a terminal. Use the -o flag or redirect"
}

@test "podman's docker-archive loads into berth, berth's save loads into podman" {
  need podman
  tar -C "$E2E_ROOTFS_TEMPLATE" -cf "$TEST_DIR/rootfs.tar" .
  pod import "$TEST_DIR/rootfs.tar" localhost/from-podman:1 >/dev/null 2>&1
  pod save --format docker-archive -o "$TEST_DIR/podman.tar" localhost/from-podman:1 2>/dev/null
  run b load -i "$TEST_DIR/podman.tar"
  assert_success
  assert_equal "$output" "Loaded image: localhost/from-podman:1"
  assert_equal "$(b images -q --no-trunc localhost/from-podman:1)" \
    "$(pod images --no-trunc --format '{{.ID}}' localhost/from-podman:1)"

  import_busybox berth-made:v1
  b save -o "$TEST_DIR/berth.tar" berth-made:v1
  run pod load -i "$TEST_DIR/berth.tar"
  assert_success
  assert_output_contains "berth-made:v1"
  assert_equal "$(pod images --no-trunc --format '{{.ID}}' berth-made:v1)" "$(b images -q --no-trunc berth-made:v1)"
}

@test "berth's save loads into docker and runs there; docker's save loads into berth" {
  start_dockerd
  import_busybox berth-made:v1
  b save -o "$TEST_DIR/berth.tar" berth-made:v1
  run dk load -i "$TEST_DIR/berth.tar"
  assert_success
  assert_output_contains "Loaded image: berth-made:v1"
  # The same image to docker: its id is the config's digest in both.
  assert_equal "$(dk image inspect -f '{{.Id}}' berth-made:v1)" "$(b images -q --no-trunc berth-made:v1)"
  run dk run --rm --network none berth-made:v1 /bin/sh -c 'echo from-docker; exit 3'
  assert_failure 3
  assert_equal "$output" from-docker

  dk tag berth-made:v1 from-docker:2
  dk save -o "$TEST_DIR/docker.tar" from-docker:2
  run b2 load -i "$TEST_DIR/docker.tar"
  assert_success
  assert_equal "$output" "Loaded image: from-docker:2"
  assert_equal "$(b2 images -q --no-trunc from-docker:2)" "$(dk image inspect -f '{{.Id}}' from-docker:2)"
  stop_dockerd
}

@test "OCI layouts from skopeo: gzip and zstd layers" {
  need skopeo
  import_busybox
  b save -o "$TEST_DIR/docker.tar" busybox
  skopeo copy -q "docker-archive:$TEST_DIR/docker.tar" "oci-archive:$TEST_DIR/gzip.tar:oci/gzip:1"
  skopeo copy -q --dest-compress-format zstd "docker-archive:$TEST_DIR/docker.tar" \
    "oci-archive:$TEST_DIR/zstd.tar:oci/zstd:1"
  tar -xOf "$TEST_DIR/zstd.tar" index.json >/dev/null
  run b2 load -i "$TEST_DIR/zstd.tar"
  assert_success
  assert_equal "$output" "Loaded image: oci/zstd:1"
  rm -rf "$TEST_DIR/root2"
  run b2 load -i "$TEST_DIR/gzip.tar"
  assert_success
  assert_equal "$output" "Loaded image: oci/gzip:1"
  # The layers are the busybox layer, whatever their compression.
  assert_equal "$(b2 image inspect -f '{{json .RootFS.Layers}}' oci/gzip:1)" \
    "$(b image inspect -f '{{json .RootFS.Layers}}' busybox)"
}

@test "zstd-compressed tars import and load" {
  need zstd
  import_busybox
  zstd -q -c "$TEST_DIR/busybox.tar" >"$TEST_DIR/busybox.tar.zst"
  run b2 import "$TEST_DIR/busybox.tar.zst" zs
  assert_success
  assert_equal "$(b2 image inspect -f '{{json .RootFS.Layers}}' zs)" \
    "$(b image inspect -f '{{json .RootFS.Layers}}' busybox)"
  b save busybox | zstd -q -c >"$TEST_DIR/saved.tar.zst"
  rm -rf "$TEST_DIR/root2"
  run b2 load -i "$TEST_DIR/saved.tar.zst"
  assert_success
  assert_equal "$output" "Loaded image: busybox:latest"
}

@test "hostile layers are refused and the store is unchanged" {
  import_busybox
  local before h=$TEST_DIR/hostile
  before=$(store_snapshot)
  mkdir -p "$h/escape/sub" "$h/outside" "$h/through" "$h/hard"
  echo x >"$h/escape/escape"
  tar -C "$h/escape/sub" -cPf "$h/dotdot.tar" ../escape
  echo x >"$h/abs-file"
  tar -cPf "$h/abs.tar" "$h/abs-file"
  ln -s "$h/outside" "$h/through/link"
  echo x >"$h/through/payload"
  tar -C "$h/through" -cf "$h/through.tar" link
  tar -C "$h/through" -rf "$h/through.tar" --transform 's,^payload$,link/planted,' payload
  echo x >"$h/hard/target"
  ln "$h/hard/target" "$h/hard/link"
  tar -C "$h/hard" -cPf "$h/hardlink.tar" --transform 's,^target$,/etc/passwd,RS' target link
  head -c 3000 "$TEST_DIR/busybox.tar" >"$h/truncated.tar"

  local t
  for t in dotdot abs through hardlink truncated; do
    run b import "$h/$t.tar" "hostile-$t"
    assert_failure 1
    assert_output_contains "$h/$t.tar"
    assert_equal "$(store_snapshot)" "$before"
  done
  run b import "$h/dotdot.tar"
  assert_output_contains 'entry "../escape"'
  run b import "$h/through.tar"
  assert_output_contains 'entry "link/planted"'
  assert_output_contains "symlink"
  [ ! -e "$h/outside/planted" ] || fail "written through the symlink"
  run b import "$h/hardlink.tar"
  assert_output_contains 'entry "link"'
  # Inside an image archive too: the layer is refused and nothing is loaded.
  mkdir -p "$h/archive/layer"
  cp "$h/through.tar" "$h/archive/layer/layer.tar"
  local diff_id
  diff_id=$(sha256sum "$h/through.tar" | cut -d' ' -f1)
  echo "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]}}" >"$h/archive/config.json"
  echo '[{"Config":"config.json","RepoTags":["hostile:archive"],"Layers":["layer/layer.tar"]}]' \
    >"$h/archive/manifest.json"
  tar -C "$h/archive" -cf "$h/archive.tar" .
  run b load -i "$h/archive.tar"
  assert_failure 1
  assert_output_contains 'entry "link/planted"'
  assert_equal "$(store_snapshot)" "$before"
}

@test "image prune removes dangling images, -a the rest" {
  import_busybox
  b import "$TEST_DIR/busybox.tar" >/dev/null
  b import "$E2E_ROOTFS_TEMPLATE" kept >/dev/null
  assert_equal "$(b images -q | wc -l)" 3
  run b image prune -f
  assert_success
  assert_output_contains "Deleted Images:"
  assert_output_contains "Total reclaimed space:"
  assert_equal "$(b images -q | wc -l)" 2
  run bash -c "echo n | '$BERTH' --root '$BERTH_ROOT' image prune -a"
  assert_output_contains "Are you sure you want to continue? [y/N]"
  assert_equal "$(b images -q | wc -l)" 2
  run b image prune -af
  assert_success
  assert_output_contains "untagged: kept:latest"
  assert_equal "$(b images -q | wc -l)" 0
  [ -z "$(ls "$BERTH_ROOT/image/layers")" ] || fail "layers left"
}

@test "images suite leaked nothing" {
  suite_leak_check
}
