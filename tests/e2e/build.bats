#!/usr/bin/env bats
# berth build: Dockerfile instructions, the build cache, RUN in a container, COPY/ADD, errors that
# name the line, and no mount, process, temp dir or runtime state left behind, even on failure.

load helpers
load berth_helpers

CTX=

setup() {
  e2e_setup
  [ -x "$BERTH" ] || skip "berth not built"
  BERTH_ROOT=$TEST_DIR/root
  BERTH_RUNROOT=$TEST_DIR/runroot
  CTX=$TEST_DIR/ctx
  mkdir -p "$CTX"
}

# dockerfile TEXT: the context's Dockerfile.
dockerfile() { printf '%s\n' "$1" >"$CTX/Dockerfile"; }

# image_config REF JQ: a field of the image's config, through `berth image inspect`.
image_config() { b image inspect "$1" | jq -c ".[0].$2"; }

# build_leftovers: what a build may leave only while it runs.
build_leftovers() {
  find "$BERTH_RUNROOT/builds" "$BERTH_ROOT/build-tmp" -mindepth 1 2>/dev/null
  runtime_state_in "$BERTH_RUNROOT/build-runtime"
  awk -v d="$TEST_DIR" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo
}

extra_cleanup() {
  local left
  left=$(build_leftovers)
  [ -z "$left" ] || fail "build left: $left"
}

@test "FROM scratch, COPY a static binary, ENTRYPOINT: the image config and one layer" {
  cp "$PROBE" "$CTX/probe"
  dockerfile 'FROM scratch
COPY probe /probe
ENTRYPOINT ["/probe"]
CMD ["cwd"]
LABEL org.example.kind=probe
EXPOSE 8080
STOPSIGNAL SIGINT'
  run b build -t probe:1 "$CTX"
  assert_success
  assert_output_contains "Step 1/7 : FROM scratch"
  assert_output_contains "Step 2/7 : COPY probe /probe"
  assert_output_contains "Successfully tagged probe:1"
  local id
  id=$(grep '^Successfully built' <<<"$output" | awk '{print $3}')
  [ ${#id} -eq 12 ] || fail "no id in: $output"
  assert_equal "$(image_config probe:1 Config.Entrypoint)" '["/probe"]'
  assert_equal "$(image_config probe:1 Config.Cmd)" '["cwd"]'
  assert_equal "$(image_config probe:1 Config.Labels)" '{"org.example.kind":"probe"}'
  assert_equal "$(image_config probe:1 Config.ExposedPorts)" '{"8080/tcp":{}}'
  assert_equal "$(image_config probe:1 Config.StopSignal)" '"SIGINT"'
  assert_equal "$(image_config probe:1 'RootFS.Layers | length')" 1
  assert_equal "$(image_config probe:1 Architecture)" '"amd64"'
  assert_equal "$(image_config probe:1 'Id[7:19]')" "\"$id\""
  # The layer holds the binary, owned by root, with its mode.
  local layer
  layer=$(image_config probe:1 'RootFS.Layers[0][7:]' | tr -d '"')
  cmp "$PROBE" "$BERTH_ROOT/image/layers/$layer/diff/probe"
  assert_equal "$(stat -c '%u:%g %a' "$BERTH_ROOT/image/layers/$layer/diff/probe")" "0:0 $(stat -c %a "$PROBE")"
}

@test "RUN writes a layer; a second build is all cache hits; --no-cache runs again" {
  import_busybox
  dockerfile 'FROM busybox
ENV WHO=world
RUN echo "hello $WHO" > /greeting && echo ran-the-step
CMD ["cat", "/greeting"]'
  run b build -t hello "$CTX"
  assert_success
  assert_output_contains " ---> Running in "
  grep -qx ran-the-step <<<"$output" || fail "the step did not run: $output"
  assert_output_contains "Removing intermediate container"
  local first
  first=$(awk '/^Successfully built/ {print $3}' <<<"$output")

  run b build -t hello "$CTX"
  assert_success
  assert_equal "$(grep -c -- ' ---> Using cache' <<<"$output")" 3
  ! grep -qx ran-the-step <<<"$output" || fail "the step ran again: $output"
  assert_output_contains "Successfully built $first"

  run b build --no-cache -t hello "$CTX"
  assert_success
  assert_output_lacks "Using cache"
  grep -qx ran-the-step <<<"$output" || fail "the step did not run: $output"

  # The file is in the image: a build on top of it reads it.
  dockerfile 'FROM hello
RUN test "$(cat /greeting)" = "hello world"'
  run b build "$CTX"
  assert_success
}

@test "a failing RUN: docker's message, exit 1, nothing left behind" {
  import_busybox
  dockerfile 'FROM busybox
RUN echo partial > /x; exit 3'
  run b build -t broken "$CTX"
  assert_failure 1
  assert_output_contains "The command '/bin/sh -c echo partial > /x; exit 3' returned a non-zero code: 3"
  run b image inspect broken
  assert_failure
  assert_equal "$(build_leftovers)" ""
  assert_equal "$(berth_leaked_cgroups)" ""

  # Exec form, and -q: the step's output is shown only because it failed.
  dockerfile 'FROM busybox
RUN ["sh", "-c", "echo to-stdout; echo to-stderr >&2; false"]'
  run b build -q "$CTX"
  assert_failure 1
  assert_output_contains "The command 'sh -c echo to-stdout; echo to-stderr >&2; false' returned a non-zero code: 1"
  assert_output_contains "to-stderr"
  assert_output_lacks "Step 1/2"
  assert_equal "$(build_leftovers)" ""
}

@test "a build killed during RUN: the next build removes its container, mount and temp dirs" {
  import_busybox
  dockerfile 'FROM busybox
RUN echo started; sleep 60'
  "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG" build "$CTX" \
    </dev/null >"$TEST_DIR/killed.log" 2>&1 &
  local pid=$! i
  for ((i = 0; i < 200; i++)); do
    grep -qx started "$TEST_DIR/killed.log" && break
    sleep 0.05
  done
  grep -qx started "$TEST_DIR/killed.log" || fail "RUN did not start: $(cat "$TEST_DIR/killed.log")"
  kill -9 "$pid"
  wait "$pid" || true
  [ -n "$(build_leftovers)" ] || fail "the killed build left nothing to clean (test is void)"
  dockerfile 'FROM busybox
ENV A=1'
  run b build "$CTX"
  assert_success
  assert_equal "$(build_leftovers)" ""
  assert_equal "$(berth_leaked_cgroups)" ""
}

@test "-q prints only the id; -f - reads the Dockerfile from stdin; tags" {
  import_busybox
  run b build -q -t one -t two:x -f - "$CTX" <<<'FROM busybox
RUN touch /made'
  assert_success
  [[ "$output" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "not an id: $output"
  assert_equal "$(image_config one Id)" "\"$output\""
  assert_equal "$(image_config two:x Id)" "\"$output\""
}

@test "COPY --chown by name and number, directories, globs, destinations" {
  import_busybox
  mkdir -p "$CTX/dir/sub"
  echo a >"$CTX/a.txt"
  echo b >"$CTX/b.txt"
  echo c >"$CTX/dir/sub/c"
  chmod 750 "$CTX/dir/sub/c"
  dockerfile 'FROM busybox
COPY --chown=nobody:nobody a.txt /owned/a
COPY --chown=123:456 dir /numeric/
COPY *.txt /many/
WORKDIR /work
COPY a.txt rel
COPY a.txt /many
RUN test "$(stat -c %u:%g /owned/a)" = 65534:65534 && test "$(stat -c %u:%g /owned)" = 65534:65534 \
 && test "$(stat -c %u:%g:%a /numeric/sub/c)" = 123:456:750 && test "$(cat /numeric/sub/c)" = c \
 && test -f /many/a.txt && test -f /many/b.txt && test "$(stat -c %u /many/b.txt)" = 0 \
 && test -f /work/rel && test ! -e /many/many'
  run b build "$CTX"
  assert_success

  dockerfile 'FROM busybox
COPY a.txt b.txt /not-a-dir'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "Dockerfile line 2: COPY failed: When using COPY with more than one source file, the destination must be a directory and end with a /"

  dockerfile 'FROM busybox
COPY --chown=ghost a.txt /x'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "can't find uid for user ghost"
}

@test "ADD extracts local tar archives (plain and gzip) and copies other files as they are" {
  import_busybox
  mkdir -p "$TEST_DIR/payload/deep"
  echo inside >"$TEST_DIR/payload/deep/file"
  tar -C "$TEST_DIR/payload" -cf "$CTX/plain.tar" .
  tar -C "$TEST_DIR/payload" -czf "$CTX/packed.tgz" .
  echo notatar | gzip >"$CTX/text.gz"
  dockerfile 'FROM busybox
ADD plain.tar /plain/
ADD packed.tgz /gz
ADD text.gz /raw/
RUN test "$(cat /plain/deep/file)" = inside && test "$(cat /gz/deep/file)" = inside && test -f /raw/text.gz'
  run b build "$CTX"
  assert_success

  dockerfile 'FROM busybox
ADD https://example.com/x.tar /'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "Dockerfile line 2: ADD failed"
  assert_output_contains "URLs are not supported"
}

@test ".dockerignore excludes files from COPY . and from explicit sources" {
  import_busybox
  echo keep >"$CTX/keep.txt"
  echo secret >"$CTX/secret.key"
  mkdir -p "$CTX/logs"
  echo l >"$CTX/logs/a.log"
  echo i >"$CTX/logs/important.log"
  printf '*.key\nlogs\n!logs/important.log\n' >"$CTX/.dockerignore"
  dockerfile 'FROM busybox
COPY . /ctx/
RUN test -f /ctx/keep.txt && test ! -e /ctx/secret.key && test ! -e /ctx/logs/a.log && test -f /ctx/logs/important.log'
  run b build "$CTX"
  assert_success

  dockerfile 'FROM busybox
COPY secret.key /'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "COPY failed: file not found in build context or excluded by .dockerignore: stat secret.key"

  # A changed ignored file does not invalidate the cache of COPY .
  dockerfile 'FROM busybox
COPY . /ctx/'
  run b build "$CTX"
  assert_success
  echo changed >"$CTX/secret.key"
  run b build "$CTX"
  assert_success
  assert_equal "$(grep -c -- ' ---> Using cache' <<<"$output")" 1
  echo changed >"$CTX/keep.txt"
  run b build "$CTX"
  assert_success
  assert_output_lacks "Using cache"
}

@test "ARG with defaults and --build-arg; substitution; unused build-args warn" {
  import_busybox
  dockerfile 'ARG BASE=busybox
FROM ${BASE}
ARG GREETING=hi
ARG TARGET
ENV MESSAGE="${GREETING} ${TARGET:-nobody}" EMPTY=${UNSET:+x}
RUN test "$GREETING" = hello && test "$MESSAGE" = "hello there" && test -z "$EMPTY" \
 && test "$TARGET" = there
LABEL greeting=$GREETING'
  run b build -t args --build-arg GREETING=hello --build-arg TARGET=there --build-arg UNUSED=1 "$CTX"
  assert_success
  assert_output_contains "[Warning] One or more build-args [UNUSED] were not consumed"
  assert_equal "$(image_config args Config.Labels.greeting)" '"hello"'
  # ARG values are not kept in the image's environment.
  [[ "$(image_config args Config.Env)" != *GREETING* ]] || fail "ARG leaked into Env"
  # Another value for a build arg misses the cache from the RUN that sees it.
  run b build -t args --build-arg GREETING=hello --build-arg TARGET=elsewhere "$CTX"
  assert_failure 1
}

@test "WORKDIR is created, relative WORKDIRs stack, RUN starts there" {
  import_busybox
  dockerfile 'FROM busybox
WORKDIR /a/b
WORKDIR c
RUN test "$(pwd)" = /a/b/c && touch here'
  run b build -t wd "$CTX"
  assert_success
  assert_equal "$(image_config wd Config.WorkingDir)" '"/a/b/c"'
  dockerfile 'FROM wd
RUN test -f /a/b/c/here'
  run b build "$CTX"
  assert_success
}

@test "USER by name and by number for RUN, kept in the config" {
  import_busybox
  dockerfile 'FROM busybox
USER nobody
RUN test "$(id -u):$(id -g)" = 65534:65534 && test "$HOME" = /nonexistent
USER 123:456
RUN test "$(id -u):$(id -g)" = 123:456'
  run b build -t users "$CTX"
  assert_success
  assert_equal "$(image_config users Config.User)" '"123:456"'
  dockerfile 'FROM busybox
USER ghost
RUN true'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "Dockerfile line 3: RUN: unable to find user ghost"
}

@test "multi-stage: COPY --from a named stage and by index" {
  import_busybox
  dockerfile 'FROM busybox AS build
RUN mkdir /out && echo artifact > /out/result && chown 7:8 /out/result
FROM scratch
COPY --from=build /out/result /result
COPY --from=0 /bin/busybox /bin/sh'
  run b build -t staged "$CTX"
  assert_success
  assert_equal "$(image_config staged 'RootFS.Layers | length')" 2
  local layer
  layer=$(image_config staged 'RootFS.Layers[0][7:]' | tr -d '"')
  assert_equal "$(cat "$BERTH_ROOT/image/layers/$layer/diff/result")" artifact
  # Across stages, owners are kept (docker's rule without --chown).
  assert_equal "$(stat -c %u:%g "$BERTH_ROOT/image/layers/$layer/diff/result")" 7:8

  # --target stops after the named stage; --label lands on the final image.
  run b build --target build --label stage=first -t first "$CTX"
  assert_success
  assert_output_lacks "Step 3/5"
  assert_equal "$(image_config first Config.Labels.stage)" '"first"'
  assert_equal "$(image_config first 'RootFS.Layers | length')" 2
}

@test "errors name the Dockerfile line: unknown instruction, missing image, missing file" {
  import_busybox
  dockerfile 'FROM busybox

FROBNICATE now'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "Dockerfile parse error line 3: unknown instruction: FROBNICATE"

  dockerfile '# a comment
FROM no-such-image:1'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "Dockerfile line 2: FROM: No such image: no-such-image:1"

  dockerfile 'FROM busybox
COPY missing /'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "Dockerfile line 2: COPY failed: file not found in build context"

  dockerfile 'FROM --platform=linux/s390x busybox'
  run b build "$CTX"
  assert_failure 1
  assert_output_contains "Dockerfile line 1: FROM: --platform=linux/s390x: only linux/"

  run b build -t 'Bad:Tag' "$CTX"  # the CLI's flag check, as docker's: 125
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains 'invalid argument "Bad:Tag" for "-t, --tag" flag: invalid reference format: repository name (library/Bad) must be lowercase'
  assert_equal "$(build_leftovers)" ""
}

@test "examples/ch6_ipc builds into the demo image" {
  local src=$BERTH_SOURCE/examples/ch6_ipc
  [ -d "$src" ] || skip "examples/ch6_ipc not in this tree"
  [ -x "$BERTH_BUILD/bin/ipc" ] || skip "the ipc example is not built ($BERTH_BUILD/bin/ipc)"
  cp -a "$src/." "$CTX/"
  cp "$BERTH_BUILD/bin/ipc" "$CTX/ipc"
  run b build -t ch6_ipc "$CTX"
  assert_success
  assert_equal "$(image_config ch6_ipc Config.Entrypoint)" '["/ipc"]'
}

@test "build suite leaked nothing" {
  suite_leak_check
}

@test "RUN runs under the default seccomp filter, as docker's builder does" {
  [ "$(uname -m)" = x86_64 ] || skip "keyctl's number is x86_64's"
  import_busybox
  # keyctl is on no list of docker's profile: refused with EPERM; clone3 falls back to clone.
  dockerfile 'FROM busybox
RUN grep -q "^Seccomp:[[:space:]]*2" /proc/self/status && test "$(/probe syscall 250 0 -3 0)" = "errno 1 EPERM" && /probe thread'
  run b build "$CTX"
  assert_success
  assert_output_contains joined
}
