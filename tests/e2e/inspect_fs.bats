#!/usr/bin/env bats
# What an image or a container holds, with docker's output and errors: history (the steps that
# made an image), diff (what a container's writable layer changed) and export (a container's
# filesystem as a tar that import takes back).

load helpers
load berth_helpers

setup() {
  setup_with_busybox
}

# built_image REF: busybox and four steps (ENV, RUN, COPY, CMD), two of them layers.
built_image() {
  mkdir -p "$TEST_DIR/ctx"
  echo hello >"$TEST_DIR/ctx/greeting"
  cat >"$TEST_DIR/ctx/Dockerfile" <<'EOF'
FROM busybox
ENV WHO=world
RUN echo "made for $WHO, with a command line longer than docker's forty-five characters" >/made
COPY greeting /greeting
CMD ["sh"]
EOF
  b build -q -t "$1" "$TEST_DIR/ctx" >/dev/null
}

@test "history: docker's table of an imported image, newest step first" {
  run b history busybox
  assert_success
  local id
  id=$(b images -q busybox)
  [[ "${lines[0]}" =~ ^IMAGE\ +CREATED\ +CREATED\ BY\ +SIZE\ +COMMENT$ ]] || fail "header: ${lines[0]}"
  [[ "${lines[1]}" =~ ^$id\ +(Less\ than\ a\ second|[0-9]+\ seconds)\ ago\ +[0-9.]+MB\ +Imported\ from\ .*busybox.tar$ ]] ||
    fail "row: ${lines[1]}"
  assert_equal "${#lines[@]}" 2
  assert_equal "$(b image history -q busybox)" "$id"
  assert_equal "$(b history -q --no-trunc busybox)" "sha256:$(b images -q --no-trunc busybox | cut -d: -f2)"
}

@test "history: one row per step, <missing> below the top one, 0B for steps without a layer" {
  built_image steps
  run b history --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}' steps
  assert_success
  assert_equal "${#lines[@]}" 5
  assert_equal "${lines[0]}" "$(b images -q steps)|/bin/sh -c #(nop)  CMD [\"sh\"]|0B|"
  [[ "${lines[1]}" =~ ^\<missing\>\|/bin/sh\ -c\ #\(nop\)\ COPY\ file:[0-9a-f]{16}…\|6B\|$ ]] || fail "COPY: ${lines[1]}"
  # CREATED BY is cut to 45 characters, the last one "…", unless --no-trunc.
  assert_equal "${lines[2]}" "<missing>|/bin/sh -c echo \"made for \$WHO, with a comma…|79B|"
  assert_equal "${lines[3]}" "<missing>|/bin/sh -c #(nop)  ENV WHO=world|0B|"
  [[ "${lines[4]}" =~ ^\<missing\>\|\|[0-9.]+MB\|Imported\ from ]] || fail "base: ${lines[4]}"
  run b history --no-trunc --format '{{.ID}} {{.CreatedBy}}' steps
  assert_equal "${lines[0]}" "sha256:$(b images -q --no-trunc steps | cut -d: -f2) /bin/sh -c #(nop)  CMD [\"sh\"]"
  assert_output_contains "forty-five characters\" >/made"
  # -q lists every row's id, as docker's does.
  assert_equal "$(b history -q steps | sort | uniq -c | awk '{print $1 " " $2}' | sort)" \
    "$(printf '1 %s\n4 <missing>' "$(b images -q steps)")"
}

@test "history -H=false: RFC 3339 times and sizes in bytes; --format fields and their errors" {
  built_image steps
  run b history -H=false steps
  assert_success
  [[ "${lines[0]}" =~ ^IMAGE\ +CREATED\ AT\ +CREATED\ BY ]] || fail "header: ${lines[0]}"
  [[ "${lines[2]}" =~ ^\<missing\>\ +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})\ +/bin/sh\ -c\ #\(nop\)\ COPY.*\ 6\ *$ ]] ||
    fail "row: ${lines[2]}"
  assert_equal "$(b history --human=false --format '{{.Size}}' steps | sed -n 2p)" 6
  # Without -H, CreatedSince is the age; with -H=false it is CreatedAt, as docker shows it.
  assert_equal "$(b history --format '{{.CreatedSince}}' steps | sed -n 1p | grep -c ' ago$')" 1
  assert_equal "$(b history -H=false --format '{{.CreatedSince}}' steps | sed -n 1p)" \
    "$(b history --format '{{.CreatedAt}}' steps | sed -n 1p)"
  run b history --format 'table {{.ID}}\t{{.Comment}}' busybox
  [[ "${lines[0]}" =~ ^IMAGE\ +COMMENT$ ]] || fail "table header: ${lines[0]}"
  run b history --format '{{json .}}' busybox
  assert_equal "$(jq -r 'keys | join(",")' <<<"$output")" "Comment,CreatedAt,CreatedBy,CreatedSince,ID,Size"
  run b history --format '{{.Bogus}}' busybox
  assert_failure 1
  assert_output_contains "can't evaluate field Bogus"
}

@test "history: docker's errors for a missing image and a wrong argument count" {
  run b history nosuch
  assert_failure 1
  assert_equal "$output" "berth: No such image: nosuch:latest"
  run b history
  assert_failure 1
  assert_equal "${lines[0]}" '"berth history" requires exactly 1 argument.'
  run b image history busybox busybox
  assert_failure 1
  assert_equal "${lines[0]}" '"berth image history" requires exactly 1 argument.'
  # -H takes no separate value (a bool flag): "false" is one more argument, as for docker.
  run b history -H false busybox
  assert_failure 1
  assert_equal "${lines[0]}" '"berth history" requires exactly 1 argument.'
}

@test "diff: added, changed and deleted paths, with the directories above them, sorted" {
  b run --name ctr busybox sh -c 'mkdir -p /new/sub && echo x >/new/sub/f && echo me >>/etc/passwd &&
    rm /bin/hostname && touch /new-file'
  run b diff ctr
  assert_success
  assert_equal "$output" "C /bin
D /bin/hostname
C /etc
C /etc/passwd
A /new
A /new/sub
A /new/sub/f
A /new-file"
  assert_equal "$(b container diff ctr)" "$output"
}

@test "diff: a directory replaced (opaque) deletes what the image had in it; mount points show as docker's" {
  # The engine's own mount points (/etc/hostname, /proc...) are not changes, as with docker.
  b run --name quiet busybox true
  assert_equal "$(b diff quiet)" ""
  mkdir -p "$TEST_DIR/ctx"
  printf 'FROM busybox\nRUN mkdir -p /d/sub && touch /d/kept /d/old /d/sub/deep\n' >"$TEST_DIR/ctx/Dockerfile"
  b build -q -t withdir "$TEST_DIR/ctx" >/dev/null
  b run --name ctr -v /vol -w /work/dir withdir sh -c 'rm -rf /d /home && mkdir /d && touch /d/kept /d/new'
  run b diff ctr
  assert_success
  assert_equal "$output" "C /d
C /d/kept
A /d/new
D /d/old
D /d/sub
D /home
A /vol
A /work
A /work/dir"
  b rm -v ctr >/dev/null
}

@test "diff of a running container; docker's errors" {
  b run -d --name live busybox sh -c 'touch /tmp/started; sleep 100' >/dev/null
  for _ in $(seq 50); do [ -n "$(b diff live)" ] && break; sleep 0.1; done
  assert_equal "$(b diff live)" "C /tmp
A /tmp/started"
  run b diff nosuch
  assert_failure 1
  assert_equal "$output" "berth: No such container: nosuch"
  run b diff
  assert_failure 1
  assert_equal "${lines[0]}" '"berth diff" requires exactly 1 argument.'
  run b container diff a b
  assert_failure 1
  assert_equal "${lines[0]}" '"berth container diff" requires exactly 1 argument.'
}

@test "export: the container's filesystem as a tar that import takes back" {
  b run --name ctr busybox sh -c 'echo x >/added && rm /bin/hostname && echo me >>/etc/passwd'
  b export ctr >"$TEST_DIR/c.tar"
  tar -tf "$TEST_DIR/c.tar" >"$TEST_DIR/names"
  grep -qx added "$TEST_DIR/names" || fail "no /added"
  grep -qx 'bin/sh' "$TEST_DIR/names" || fail "no image file bin/sh"
  ! grep -qx 'bin/hostname' "$TEST_DIR/names" || fail "a deleted file was exported"
  ! grep -q '^/\|^\./\|\.wh\.' "$TEST_DIR/names" || fail "names as docker's: relative, no whiteouts"
  b import "$TEST_DIR/c.tar" exported >/dev/null
  run b run --rm exported sh -c 'cat /added; tail -1 /etc/passwd; test -e /bin/hostname || echo gone'
  assert_equal "$output" "x
me
gone"
  # The rootfs of a stopped container was mounted for the copy only.
  assert_equal "$(leaked_mounts | grep /rootfs)" ""
  b export -o "$TEST_DIR/o.tar" ctr
  assert_equal "$(stat -c %a "$TEST_DIR/o.tar")" 600
  cmp "$TEST_DIR/o.tar" "$TEST_DIR/c.tar"
  b container export --output="$TEST_DIR/o2.tar" ctr
  cmp "$TEST_DIR/o2.tar" "$TEST_DIR/c.tar"
}

@test "export of a running container leaves out its mounts; of one never started, the image" {
  b volume create data >/dev/null
  b run --rm -v data:/data busybox touch /data/in-volume
  b run -d --name live -v data:/data busybox sh -c 'touch /mine; sleep 100' >/dev/null
  for _ in $(seq 50); do b export live | tar -t | grep -qx mine && break; sleep 0.1; done
  b export live | tar -t >"$TEST_DIR/names"
  grep -qx mine "$TEST_DIR/names" || fail "no /mine"
  grep -qx 'data/' "$TEST_DIR/names" || fail "no mount point /data"
  ! grep -q 'in-volume\|^proc/.\|^dev/.' "$TEST_DIR/names" || fail "mounted content exported"
  b create --name fresh busybox true >/dev/null
  assert_equal "$(b export fresh | tar -t | sort)" "$(tar -tf "$TEST_DIR/busybox.tar" | sed 's|^\./||' | grep -v '^$' | sort)"
  b rm -f live >/dev/null
  b volume rm data >/dev/null
}

@test "export: refuses a terminal, checks -o's directory, docker's errors" {
  b create --name ctr busybox true >/dev/null
  run script -qec "$BERTH --root $BERTH_ROOT --runroot $BERTH_RUNROOT export ctr" /dev/null
  assert_failure 1
  assert_output_contains "cowardly refusing to save to a terminal. Use the -o flag or redirect"
  run b export -o "$TEST_DIR/missing/x.tar" ctr
  assert_failure 1
  assert_equal "$output" "berth: failed to export container: invalid output path: directory \"$TEST_DIR/missing\" does not exist"
  run b export nosuch
  assert_failure 1
  assert_equal "$output" "berth: No such container: nosuch"
  run b export
  assert_failure 1
  assert_equal "${lines[0]}" '"berth export" requires exactly 1 argument.'
  run b container export
  assert_failure 1
  assert_equal "${lines[0]}" '"berth container export" requires exactly 1 argument.'
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
