#!/usr/bin/env bats
# berth commit / container commit: a new image of a container's image and what the container
# changed (docker's commit), its Config with -c changes, author and message, a running
# container paused for it, docker's errors with nothing stored.

load helpers
load berth_helpers

setup() {
  setup_with_busybox
}

# layer_count IMAGE
layer_count() { b image inspect -f '{{len .RootFS.Layers}}' "$1"; }

# stored: the image store's configs and layers, to show a failed commit stored nothing.
stored() { ls "$BERTH_ROOT/image/blobs/sha256" "$BERTH_ROOT/image/layers"; }

@test "commit of a stopped container: added, changed and deleted files in one new layer" {
  b run --name ctr busybox sh -c 'echo new >/new && echo more >>/etc/group && rm /bin/hostname && mkdir -p /d/e && touch /d/e/f'
  run b commit ctr snap:1
  assert_success
  [[ "$output" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "id: $output"
  assert_equal "$(b images -q --no-trunc snap:1)" "$output"
  assert_equal "$(layer_count snap:1)" "$(($(layer_count busybox) + 1))"
  run b run --rm snap:1 sh -c 'cat /new; tail -n1 /etc/group; test -e /bin/hostname || echo gone; ls /d/e'
  assert_equal "${lines[0]}" "new"
  assert_equal "${lines[1]}" "more"
  assert_equal "${lines[2]}" "gone"
  assert_equal "${lines[3]}" "f"
  # The new image's containers diff against it, so nothing shows as changed.
  b run --name again snap:1 true
  assert_equal "$(b diff again)" ""
}

@test "commit without a repository leaves the image untagged; container commit; the engine's files stay out" {
  b run --name ctr busybox true
  run b container commit ctr
  assert_success
  local id=${output#sha256:}
  assert_equal "$(b images --format '{{.Repository}}:{{.Tag}}' --filter dangling=true)" "<none>:<none>"
  assert_equal "$(b images -q --no-trunc | grep -c "$id")" 1
  # /etc/hosts, /etc/hostname, /etc/resolv.conf and the mount points the start made in the layer
  # are not the container's changes: no layer, as docker with overlay2.
  assert_equal "$(layer_count "$id")" "$(layer_count busybox)"
  run b history --format '{{.CreatedBy}}|{{.Size}}' "$id"
  assert_equal "${lines[0]}" "true|0B"
}

@test "-a and -m: author and comment in image inspect and history; the container and its Cmd" {
  b run --name ctr busybox sh -c 'echo hi >/x'
  b commit -a 'Jane <jane@example.com>' -m 'a message' ctr withmsg >/dev/null
  assert_equal "$(b image inspect -f '{{.Author}}|{{.Comment}}' withmsg)" "Jane <jane@example.com>|a message"
  assert_equal "$(b image inspect -f '{{.Container}}' withmsg)" "$(b inspect -f '{{.Id}}' ctr)"
  run b history --no-trunc --format '{{.CreatedBy}}|{{.Comment}}' withmsg
  assert_equal "${lines[0]}" "sh -c echo hi >/x|a message"
  assert_equal "$(b history --format '{{.Size}}' withmsg | head -1)" "3B"
}

@test "-c CMD, ENV, WORKDIR, LABEL, EXPOSE, USER, ENTRYPOINT applied on the container's config" {
  b run --name ctr -e A=0 -e KEEP=1 -w /tmp -l x=y busybox true
  b commit -c 'CMD ["sh", "-c", "echo $A $B $KEEP; pwd"]' -c 'ENV A=1 B=2' -c 'WORKDIR sub' \
    -c 'LABEL k=v' -c 'EXPOSE 80 53/udp' --change 'USER nobody' ctr changed >/dev/null
  assert_equal "$(b image inspect -f '{{json .Config.Env}}' changed)" \
    "$(b inspect -f '{{json .Config.Env}}' ctr | sed 's/"A=0"/"A=1"/; s/]$/,"B=2"]/')"
  assert_equal "$(b image inspect -f '{{.Config.WorkingDir}}|{{json .Config.Labels}}|{{.Config.User}}' changed)" \
    '/tmp/sub|{"k":"v","x":"y"}|nobody'
  assert_equal "$(b image inspect -f '{{json .Config.ExposedPorts}}' changed)" '{"53/udp":{},"80/tcp":{}}'
  run b run --rm changed
  assert_equal "$output" "1 2 1
/tmp/sub"
  b commit -c 'ENTRYPOINT ["echo", "from"]' ctr ep >/dev/null
  assert_equal "$(b run --rm ep)" "from"
  assert_equal "$(b run --rm ep x)" "from x"
}

@test "commit of a running container pauses it while the layer is read, then it runs on" {
  b run -d --name live busybox sh -c 'dd if=/dev/zero of=/big bs=1M count=96 2>/dev/null; touch /done; sleep 1000' >/dev/null
  for _ in $(seq 100); do b exec live test -f /done && break; sleep 0.1; done
  b commit live running >"$TEST_DIR/id" &
  local pid=$! seen=""
  for _ in $(seq 200); do
    [ "$(b inspect -f '{{.State.Status}}' live)" = paused ] && { seen=paused; break; }
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  wait $pid
  assert_equal "$seen" paused
  [[ "$(cat "$TEST_DIR/id")" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "id: $(cat "$TEST_DIR/id")"
  assert_equal "$(b inspect -f '{{.State.Status}}' live)" running
  assert_equal "$(b run --rm running ls /done)" "/done"
  # Paused already: it stays paused.
  b pause live
  b commit live >/dev/null
  assert_equal "$(b inspect -f '{{.State.Status}}' live)" paused
  b unpause live
}

@test "--pause=false commits a running container without freezing it" {
  b run -d --name live busybox sh -c 'echo hi >/hi; sleep 1000' >/dev/null
  for _ in $(seq 100); do b exec live test -f /hi && break; sleep 0.1; done
  run b commit --pause=false live nopause
  assert_success
  assert_equal "$(b inspect -f '{{.State.Status}}' live)" running
  assert_equal "$(b run --rm nopause cat /hi)" "hi"
  run b commit -p=false live
  assert_success
}

@test "docker's errors, exit 1, and nothing stored" {
  b run --name ctr busybox touch /x
  local before
  before=$(stored)
  run b commit nosuch
  assert_failure 1
  assert_equal "$output" "berth: No such container: nosuch"
  run b commit ctr Bad
  assert_failure 1
  assert_equal "$output" "berth: invalid reference format: repository name (library/Bad) must be lowercase"
  run b commit ctr 'a b'
  assert_failure 1
  assert_equal "$output" "berth: invalid reference format"
  run b commit -c 'RUN echo hi' ctr
  assert_failure 1
  assert_equal "$output" "berth: run is not a valid change command"
  run b commit -c 'STOPSIGNAL 9' ctr
  assert_failure 1
  assert_equal "$output" "berth: stopsignal is not a valid change command"
  run b commit -c 'EXPOSE' ctr
  assert_failure 1
  assert_equal "$output" "berth: EXPOSE requires at least one argument"
  assert_equal "$(stored)" "$before"
  run b commit
  assert_failure 1
  run b container commit
  assert_failure 1
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
