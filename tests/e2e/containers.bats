#!/usr/bin/env bats
# berth's container commands with docker's behaviour: run flags, ps, logs, stop/kill/restart,
# wait, rm, inspect, rename, volumes, restart policies, the monitor, and the bad inputs.

load helpers
load berth_helpers

setup() {
  setup_with_busybox
}

@test "run attached: output, exit code, --rm removes the container" {
  run b run --rm busybox sh -c 'echo out; echo err >&2; exit 7'
  [ "$status" -eq 7 ] || fail "status $status"
  assert_output_contains out
  assert_output_contains err
  assert_equal "$(b ps -aq)" ""
}

@test "run -d: id, ps, logs with timestamps and tail, inspect's shape" {
  run b run -d --name web -e GREETING=hi -l tier=front busybox sh -c 'echo "$GREETING 1"; echo "$GREETING 2"; sleep 100'
  assert_success
  [[ "$output" =~ ^[0-9a-f]{64}$ ]] || fail "not an id: $output"
  sleep 0.3
  run b ps --format '{{.Names}}|{{.Image}}|{{.Status}}'
  assert_output_matches '^web\|busybox\|Up '
  run b logs --tail 1 web
  assert_equal "$output" "hi 2"
  run b logs -t web
  assert_output_matches '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z hi 1'
  run b inspect web
  assert_success
  assert_equal "$(jq -r '.[0].Name' <<<"$output")" "/web"
  assert_equal "$(jq -r '.[0].State.Running' <<<"$output")" true
  assert_equal "$(jq -r '.[0].Config.Labels.tier' <<<"$output")" front
  assert_equal "$(jq -r '.[0].HostConfig.IpcMode' <<<"$output")" shareable
  assert_equal "$(jq -r '.[0].HostConfig.ShmSize' <<<"$output")" 67108864
  # Fields docker always shows: berth's own cgroup namespace, the default masked and read-only paths.
  assert_equal "$(jq -r '.[0].HostConfig.CgroupnsMode' <<<"$output")" private
  assert_equal "$(jq -r '.[0].HostConfig.OomScoreAdj' <<<"$output")" 0
  assert_equal "$(jq -r '.[0].HostConfig.MaskedPaths | index("/proc/kcore") != null' <<<"$output")" true
  assert_equal "$(jq -r '.[0].HostConfig.ReadonlyPaths | index("/proc/sys") != null' <<<"$output")" true
  # The fields scripts read from docker's inspect: no address without a network, the network
  # namespace while it runs, the overlay's directories, docker's unset values.
  local pid
  pid=$(jq -r '.[0].State.Pid' <<<"$output")
  assert_equal "$(b inspect -f '{{.NetworkSettings.IPAddress}}|{{.NetworkSettings.SandboxKey}}' web)" "|/proc/$pid/ns/net"
  assert_equal "$(jq -r '.[0].NetworkSettings.Networks | keys[0]' <<<"$output")" none
  [[ -d $(b inspect -f '{{.GraphDriver.Data.UpperDir}}' web) ]] || fail "no UpperDir"
  [[ -d $(b inspect -f '{{.GraphDriver.Data.MergedDir}}' web)/bin ]] || fail "MergedDir is not the rootfs"
  assert_equal "$(b inspect -f '{{.HostConfig.BlkioWeight}} {{.HostConfig.CpuQuota}} {{json .HostConfig.Dns}}' web)" "0 0 []"
  assert_equal "$(b inspect -f '{{.Config.AttachStdout}} {{.ResolvConfPath}}' web)" \
    "false $BERTH_ROOT/containers/$(b inspect -f '{{.Id}}' web)/resolv.conf"
  b run --name fg -v /scratch busybox true
  assert_equal "$(b inspect -f '{{.Config.AttachStdout}} {{.Config.AttachStdin}} {{json .Config.Volumes}}' fg)" \
    'true false {"/scratch":{}}'
  run b ps --filter label=tier=front -q
  assert_equal "$(wc -l <<<"$output")" 1
}

@test "the log is docker's json-file format and rotates with --log-opt" {
  b run -d --name chatty --log-opt max-size=1k --log-opt max-file=2 busybox \
    sh -c 'i=0; while [ $i -lt 100 ]; do echo "line $i"; i=$((i+1)); done' >/dev/null
  b wait chatty >/dev/null
  local log
  log=$(b inspect -f '{{.LogPath}}' chatty)
  [ -f "$log.1" ] || fail "no rotation: $(ls "$(dirname "$log")")"
  [ ! -f "$log.2" ] || fail "kept more than max-file"
  head -1 "$log" | jq -e '.log and .stream == "stdout" and (.time | test("\\.[0-9]{9}Z$"))' >/dev/null
  run b logs chatty
  assert_output_contains "line 99"
}

@test "logs -f follows until the container exits" {
  b run -d --name tick busybox sh -c 'for i in 1 2 3; do echo "tick $i"; sleep 0.2; done' >/dev/null
  run timeout 10 "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" logs -f tick
  assert_success
  assert_output_contains "tick 3"
}

@test "a monitor that gave its pages back while idle still logs, attaches and records the exit" {
  # Quiet for longer than the monitor's idle release (1 s), twice, with output in between.
  b run -d -i --name quiet busybox sh -c 'sleep 1.5; echo first; sleep 1.5; read line; echo "got $line"; exit 7' >/dev/null
  sleep 2
  assert_equal "$(b logs quiet)" first
  echo hello | b attach quiet >"$TEST_DIR/attach.out" 2>&1 &
  local attach=$!
  sleep 1.5
  assert_equal "$(b wait quiet)" 7
  wait "$attach" || true
  assert_equal "$(b logs quiet)" "first
got hello"
}

@test "stop sends the stop signal, then SIGKILL after -t; wait reports the code" {
  b run -d --name st busybox sleep 100 >/dev/null
  run b stop -t 1 st
  assert_equal "$output" st
  assert_equal "$(b inspect -f '{{.State.Status}}' st)" exited
  b run -d --name trap busybox sh -c 'trap "exit 42" TERM; while true; do sleep 0.1; done' >/dev/null
  sleep 0.3
  b stop trap >/dev/null
  assert_equal "$(b wait trap)" 42
  run b ps -a --filter status=exited -q
  assert_equal "$(wc -l <<<"$output")" 2
}

@test "stop while a start is under way waits for it, then stops the container" {
  b create --name slow busybox sleep 100 >/dev/null
  # The container's pivot_root is held back 1.5 s, so stop arrives mid-start.
  strace -f -qq -o /dev/null -e trace=pivot_root -e inject=pivot_root:delay_enter=1500000 \
    "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG" start slow \
    >/dev/null 2>&1 &
  local starter=$!
  sleep 0.5
  run timeout 20 "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG" stop -t 1 slow
  assert_success
  assert_equal "$output" slow
  assert_equal "$(b inspect -f '{{.State.Status}}' slow)" exited
  wait "$starter"
}

@test "kill, start again, restart, rename, top, exec" {
  # PID 1 ignores signals it has no handler for (docker's behaviour too): give it one.
  b run -d --name kc busybox sh -c 'trap "exit 9" USR1; while true; do sleep 0.1; done' >/dev/null
  sleep 0.3
  b kill -s USR1 kc >/dev/null
  assert_equal "$(b wait kc)" 9
  b start kc >/dev/null
  assert_equal "$(b inspect -f '{{.State.Status}}' kc)" running
  run b top kc
  assert_output_contains "while true"
  run b exec -e X=1 -w /tmp kc sh -c 'echo $X $(pwd)'
  assert_equal "$output" "1 /tmp"
  # dockerd's order and words: the container first, then the new name; "/name" is "name".
  run b rename ghost kc3
  [ "$status" -eq 1 ] || fail "status $status"
  assert_output_contains "No such container: ghost"
  run b rename kc 'bad name'
  [ "$status" -eq 1 ] || fail "status $status"
  assert_output_contains "Error when allocating new name: Invalid container name (/bad name)"
  b rename kc /kc3
  assert_equal "$(b inspect -f '{{.Name}}' kc3)" "/kc3"
  b rename kc3 kc
  run b start ghost kc ghost2
  [ "$status" -eq 1 ] || fail "status $status"
  assert_output_contains "Error: failed to start containers: ghost, ghost2"
  b rename kc kc2
  run b restart -t 0 kc2
  assert_success
  assert_equal "$(b inspect -f '{{.RestartCount}} {{.State.Running}}' kc2)" "0 true"
  run b kill ghost
  assert_failure
  assert_output_contains "No such container: ghost"
}

@test "top runs the host's ps with docker's default columns or the options given" {
  b run -d --name tp busybox sh -c 'while true; do sleep 0.1; done' >/dev/null
  local pid
  pid=$(b inspect -f '{{.State.Pid}}' tp)
  run b top tp
  assert_success
  # ps -ef's columns, the user named as the host names it, the command whole.
  [[ ${lines[0]} =~ ^UID\ +PID\ +PPID\ +C\ +STIME\ +TTY\ +TIME\ +CMD$ ]] || fail "header: ${lines[0]}"
  [[ $output =~ root\ +$pid\ +[0-9]+\ +.*sh\ -c\ while\ true ]] || fail "no row for pid $pid: $output"
  run b top tp -o pid,comm
  assert_success
  [[ ${lines[0]} =~ ^PID\ +COMMAND$ ]] || fail "header: ${lines[0]}"
  [[ $output =~ $pid\ +sh ]] || fail "$output"
  # Only the container's processes: the host's pid 1 is not among them.
  [[ ! $output =~ (^|$'\n')1\ +  ]] || fail "host process listed: $output"
  run b top tp aux
  assert_success
  [[ ${lines[0]} =~ ^USER\ +PID\ +%CPU ]] || fail "header: ${lines[0]}"
  # dockerd's errors: a column renamed to PID, options ps refuses.
  run b top tp -o user=PID
  assert_failure
  assert_output_contains 'specifying "user=PID" is not allowed'
  run b top tp -o no-such-column
  assert_failure
  assert_output_contains "ps: "
  assert_output_contains "no-such-column"
}

@test "a container's init and each exec'd process lead sessions of their own" {
  b run -d --name sl busybox sleep 100 >/dev/null
  b exec -d sl sleep 101
  local init
  init=$(b inspect -f '{{.State.Pid}}' sl)
  assert_equal "$(ps -o sid= -p "$init" | tr -d ' ')" "$init"
  local exec_pid=""
  for _ in $(seq 50); do
    for p in $(pgrep -f '^sleep 101$' || true); do
      [[ $(readlink "/proc/$p/ns/pid") == "$(readlink "/proc/$init/ns/pid")" ]] && exec_pid=$p
    done
    [[ -n $exec_pid ]] && break
    sleep 0.1
  done
  [[ -n $exec_pid ]] || fail "exec'd sleep not found"
  # Not in this shell's session (where a ^C typed here would reach it), but in its own.
  assert_equal "$(ps -o sid= -p "$exec_pid" | tr -d ' ')" "$exec_pid"
}

@test "ps: docker's Command column, -s, and its filters with their errors" {
  b run -d --name pa busybox sh -c "echo 'a b' \"q\"; sleep 100" >/dev/null
  b run --name pb busybox sh -c 'exit 3' >/dev/null || true
  b create --name pc busybox true >/dev/null
  # Arguments with a space in '', the whole quoted as Go quotes it, cut to 20 characters.
  assert_equal "$(b ps --no-trunc --format '{{.Command}}' -f name=pa)" "\"sh -c 'echo 'a b' \\\"q\\\"; sleep 100'\""
  assert_equal "$(b ps --format '{{.Command}}' -f name=pa)" "\"sh -c 'echo 'a b' \\\"…\""
  run b ps -s
  assert_success
  [[ ${lines[0]} =~ NAMES\ +SIZE$ ]] || fail "${lines[0]}"
  # A status filter lists stopped containers without -a; exited= does not.
  assert_equal "$(b ps -f status=exited --format '{{.Names}}')" pb
  assert_equal "$(b ps -f exited=3 --format '{{.Names}}')" ""
  assert_equal "$(b ps -a -f exited=3 --format '{{.Names}}')" pb
  # One key given twice: either value; two keys: both.
  assert_equal "$(b ps -a -f name=pa -f name=pc --format '{{.Names}}' | sort | tr '\n' ' ')" "pa pc "
  assert_equal "$(b ps -a -f name=p -f status=created --format '{{.Names}}')" pc
  assert_equal "$(b ps -a -f since=pb --format '{{.Names}}')" pc
  assert_equal "$(b ps -a -f before=pb --format '{{.Names}}')" pa
  assert_equal "$(b ps -a -f health=none -f name=pa --format '{{.Names}}')" pa
  # dockerd's errors (exit 1), and pflag's for a filter without "=" (125).
  run b ps -f bogus=1
  assert_failure 1
  assert_output_contains "Invalid filter 'bogus'"
  run b ps -f status=sleeping
  assert_failure 1
  assert_output_contains "Invalid filter 'status=sleeping'"
  run b ps -f exited=x
  assert_failure 1
  assert_output_contains 'strconv.Atoi: parsing "x": invalid syntax'
  run b ps -f before=ghost
  assert_failure 1
  assert_output_contains "no such container ghost"
  run b ps -f nonsense
  assert_failure 125
  assert_output_contains 'invalid argument "nonsense" for "-f, --filter" flag: bad format of filter (expected name=value)'
}

@test "ps and volume ls --format: {{.Label \"key\"}} as docker's, not in json, titled by the key's last part" {
  b create --name labelled -l com.example.k=v1 -l a=b,c busybox true >/dev/null
  b create --name plain busybox true >/dev/null
  run b ps -a --format '{{.Names}}|{{.Label "com.example.k"}}|{{.Label "a"}}|{{.Label "nope"}}|{{"a" | $.Label}}'
  assert_success
  assert_equal "$(sort <<<"$output" | tr '\n' ' ')" "labelled|v1|b,c||b,c plain|||| "
  run b ps -a --filter name=labelled --format '{{json .}}'
  assert_equal "$(jq -r '.Labels' <<<"$output")" "a=b,c,com.example.k=v1"
  assert_equal "$(jq -r 'has("Label")' <<<"$output")" false
  run b ps -a --filter name=labelled --format 'table {{.Label "com.example.k"}}\t{{.Names}}'
  assert_equal "${lines[0]}" "k         NAMES"
  assert_equal "${lines[1]}" "v1        labelled"
  run b ps -a --format '{{.Label}}'
  assert_failure 1
  assert_output_contains "wrong number of args for Label: want 1 got 0"
  run b ps -a --format '{{.Label 1}}'
  assert_failure 1
  assert_output_contains "expected string; found 1"
  # docker's image rows have no Label.
  run b images --format '{{.Label "a"}}'
  assert_failure 1
  assert_output_contains "can't evaluate field Label"
  b volume create --label x=1 --label y.z=w labelled-vol >/dev/null
  assert_equal "$(b volume ls --format '{{.Name}} {{.Label "y.z"}}{{.Label "x"}}')" "labelled-vol w1"
  run b volume ls --format 'table {{.Name}}\t{{.Label "y.z"}}'
  assert_equal "${lines[0]}" "VOLUME NAME    z"
  b volume rm labelled-vol >/dev/null
}

@test "a name is unique: a second run --name gets docker's conflict error" {
  b run -d --name once busybox sleep 100 >/dev/null
  run b run -d --name once busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains 'Conflict. The container name "/once" is already in use'
}

@test "two concurrent runs with the same name: exactly one wins" {
  local i
  for i in 1 2 3 4; do (b run -d --name race busybox sleep 100 >"$TEST_DIR/race.$i" 2>&1; echo $? >"$TEST_DIR/rc.$i") & done
  wait
  assert_equal "$(cat "$TEST_DIR"/rc.* | grep -c '^0$')" 1
  assert_equal "$(b ps -aq | wc -l)" 1
}

@test "-u resolves names in the image and fails with docker's error for unknown users" {
  run b run --rm -u nobody busybox id -u
  assert_equal "$output" 65534
  run b run --rm -u 4242:4343 busybox sh -c 'echo $(id -u):$(id -g)'
  assert_equal "$output" "4242:4343"
  run b run --rm -u ghost busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "unable to find user ghost: no matching entries in passwd file"
  assert_equal "$(b ps -aq)" ""
}

@test "command not found is 127, not executable is 126" {
  run b run --rm busybox /no/such/binary
  [ "$status" -eq 127 ] || fail "status $status: $output"
  run b run --rm busybox /etc/passwd
  [ "$status" -eq 126 ] || fail "status $status: $output"
  # exec too, as docker exec reports them
  b run -d --name execfail busybox sleep 100 >/dev/null
  run b exec execfail /no/such/binary
  [ "$status" -eq 127 ] || fail "exec: status $status: $output"
  run b exec execfail /etc/passwd
  [ "$status" -eq 126 ] || fail "exec: status $status: $output"
  # Whatever else keeps an exec'd process from starting is 126, as docker exec says it.
  run b exec -u ghost execfail true
  [ "$status" -eq 126 ] || fail "exec -u: status $status: $output"
  assert_output_contains "unable to find user ghost: no matching entries in passwd file"
  run b exec -w /no/such/dir execfail true
  [ "$status" -eq 126 ] || fail "exec -w: status $status: $output"
  b rm -f execfail >/dev/null
}

@test "exec --env-file and --privileged, as docker exec's" {
  b run -d --name ex busybox sleep 100 >/dev/null
  printf 'FROM_FILE=1\nBARE\n# comment\n' >"$TEST_DIR/env"
  BARE=from-caller run b exec --env-file "$TEST_DIR/env" -e LATER=2 ex sh -c 'echo $FROM_FILE $BARE $LATER'
  assert_equal "$output" "1 from-caller 2"
  run b exec --env-file "$TEST_DIR/missing" ex true
  assert_failure 1
  assert_output_contains "open $TEST_DIR/missing: no such file or directory"
  run b exec ex /probe caps
  assert_output_contains "Bnd 00000000a80425fb"  # docker's 14
  run b exec --privileged ex /probe caps
  assert_output_contains "Bnd $(awk '/^CapBnd/ {print $2}' /proc/self/status)"
  b rm -f ex >/dev/null
}

@test "ps: Size is the writable layer and the image under it, LocalVolumes counts volumes, {{json .}} as docker" {
  run b run -d --name sized -v data:/data busybox sh -c 'head -c 1234 /dev/zero >/big; sleep 100'
  assert_success
  local i
  for i in $(seq 50); do [[ "$(b ps --format '{{.Size}}' --filter name=sized)" == 1.2* ]] && break; sleep 0.1; done
  run b ps --filter name=sized --format '{{.Size}}|{{.LocalVolumes}}'
  assert_success
  # 1234 bytes written (and the /data mount point the volume needed), then image and layer together.
  assert_output_matches '^1\.2[0-9]kB \(virtual [0-9.]+[kM]B\)\|1$'
  # A whole row is marshalled as Go does, HTML characters escaped.
  run b ps --filter name=sized --format '{{json .}}'
  assert_success
  assert_equal "$(jq -r .LocalVolumes <<<"$output")" 1
  assert_equal "$(jq -r .Names <<<"$output")" sized
  run b images --format '{{json .}}' busybox
  assert_output_contains '"Digest":"\u003cnone\u003e"'
}

@test "bad input: unknown flag, invalid name, missing image, conflicting flags" {
  # Docker's words: an unknown flag before the image is not taken for the image.
  run b run --bogus busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "unknown flag: --bogus
See 'berth run --help'."
  run b create -Z busybox
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "unknown shorthand flag: 'Z' in -Z
See 'berth create --help'."
  run b exec --bogus somecontainer true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "unknown flag: --bogus
See 'berth exec --help'."
  run b volume ls --bogus=1
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "unknown flag: --bogus
See 'berth volume ls --help'."
  # After the image, flags belong to the command.
  run b run --rm busybox echo --bogus
  assert_success
  assert_equal "$output" "--bogus"
  run b frob busybox
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "unknown command: berth frob"
  run b --bogus ps
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "unknown flag: --bogus
See 'berth --help'."
  # Global flags in both forms before the command; the help still lists every command.
  run "$BERTH" --root="$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent="/$ID_TAG" ps -q
  assert_success
  run "$BERTH" --help
  assert_success
  for c in build images run ps logs exec volume container ipcs; do
    assert_output_matches "^  $c "
  done
  run b run --name 'bad name' busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "Invalid container name"
  run b run nosuchimage true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "Unable to find image 'nosuchimage:latest' locally"
  # run -d spawns its monitor before creating the container: a failed create takes it along.
  run b run -d nosuchimage true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "Unable to find image 'nosuchimage:latest' locally"
  run b run -d --name 'bad name' busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  ! pgrep -f "berth-monitor $BERTH_ROOT " || fail "a monitor outlived a failed run -d"
  run b run --rm --restart always busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "conflicting options: cannot specify both --restart and --rm"
  run b run --memory-swap 1g busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  # Too few arguments (docker's exit 1) and a flag value of the wrong type (125), in its words.
  run b stop
  [ "$status" -eq 1 ] || fail "status $status"
  assert_output_contains "\"berth stop\" requires at least 1 argument."
  assert_output_contains "See 'berth stop --help'."
  run b exec onlyone
  [ "$status" -eq 1 ] || fail "status $status"
  assert_output_contains "\"berth exec\" requires at least 2 arguments."
  run b run
  [ "$status" -eq 1 ] || fail "status $status"
  run b stop -t soon ghost
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains 'invalid argument "soon" for "-t, --time" flag: strconv.ParseInt: parsing "soon": invalid syntax'
  # dockerd's resource checks, and runc's for cpu-shares: nothing is left behind.
  run b run --rm --memory 5m busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "Minimum memory limit allowed is 6MB"
  local cpus
  cpus=$(nproc)
  run b run --rm --cpus $((cpus + 1)) busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "Range of CPUs is from 0.01 to $cpus.00, as there are only $cpus CPUs available"
  run b run --rm --cpus abc busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains 'invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number'
  run b run --rm --cpus 0 busybox true
  assert_success
  run b run --rm --cpu-shares 1 busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "the minimum allowed cpu-shares is 2"
  run b run --rm --cpu-shares 262145 busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_output_contains "the maximum allowed cpu-shares is 262144"
  assert_equal "$(b ps -aq)" ""
  run b rm ghost
  [ "$status" -eq 1 ] || fail "status $status"
  assert_output_contains "No such container: ghost"
  assert_equal "$(b ps -aq)" ""
}

@test "volumes: bind, named (kept through rm, -v removes anonymous ones), tmpfs, read-only" {
  mkdir -p "$TEST_DIR/host"
  echo from-host >"$TEST_DIR/host/f"
  run b run --rm -v "$TEST_DIR/host:/h:ro" busybox cat /h/f
  assert_equal "$output" from-host
  run b run --rm -v "$TEST_DIR/host:/h:ro" busybox touch /h/g
  assert_failure
  b run --rm -v data:/data busybox sh -c 'echo kept > /data/x'
  run b run --rm -v data:/data busybox cat /data/x
  assert_equal "$output" kept
  run b volume ls -q
  assert_output_contains data
  b run --name anon -v /scratch busybox true
  local anon
  anon=$(b inspect -f '{{json .Mounts}}' anon | jq -r '.[0].Name')
  b rm -v anon >/dev/null
  run b volume inspect "$anon"
  assert_failure
  run b run --rm --tmpfs /t --read-only busybox sh -c 'touch /t/ok && touch /nope'
  assert_failure
  assert_output_contains "Read-only file system"
  b volume rm data >/dev/null
}

@test "limits and security flags reach the container" {
  run b run --rm --memory 64m --pids-limit 20 --cpus 0.5 busybox true
  assert_success
  run b run --rm --cap-drop ALL --cap-add NET_ADMIN busybox /probe caps
  assert_output_contains "Bnd 0000000000001000"  # CAP_NET_ADMIN (12) alone
  run b run --rm --ulimit nofile=512:1024 busybox /probe rlimit NOFILE
  assert_output_contains "soft 512"
  run b run --rm --hostname box busybox hostname
  assert_equal "$output" box
  run b run --rm --security-opt no-new-privileges busybox grep NoNewPrivs /proc/self/status
  assert_output_contains "1"
  # dockerd reads the value as Go's ParseBool, after "=" or the older ":".
  run b run --rm --security-opt no-new-privileges:false busybox grep NoNewPrivs /proc/self/status
  assert_output_matches "NoNewPrivs:.0"
  run b run --rm --security-opt no-new-privileges=TRUE busybox grep NoNewPrivs /proc/self/status
  assert_output_matches "NoNewPrivs:.1"
  # -1 is unlimited, as dockerd passes it on.
  run b run --rm --ulimit core=-1 busybox /probe rlimit CORE
  assert_output_contains "soft unlimited"
}

@test "--security-opt systempaths=unconfined: nothing masked or read-only under /proc, as docker's CLI does it" {
  run b run --rm busybox grep -c ' /proc/keys ' /proc/self/mountinfo
  assert_equal "$output" 1
  run b run --rm --security-opt systempaths=unconfined busybox grep -c ' /proc/keys ' /proc/self/mountinfo
  assert_equal "$output" 0
  b create --name wide --security-opt systempaths=unconfined busybox true >/dev/null
  assert_equal "$(b inspect -f '{{json .HostConfig.MaskedPaths}} {{json .HostConfig.ReadonlyPaths}} {{json .HostConfig.SecurityOpt}}' wide)" "[] [] []"
  b rm wide >/dev/null
}

@test "--ulimit, --sysctl and --security-opt values docker refuses: its words, 125, nothing created" {
  run b run --rm --ulimit nofile=1:2:3 busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains 'invalid argument "nofile=1:2:3" for "--ulimit" flag: too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`'
  run b run --rm --ulimit nofile=many busybox true
  assert_output_contains 'strconv.ParseInt: parsing "many": invalid syntax'
  run b run --rm --ulimit nofile=100000000 busybox true  # above the hard limit: create's error, not the container's
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "setrlimit RLIMIT_NOFILE: EPERM"
  run b run --rm --sysctl vm.swappiness=1 busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "invalid argument \"vm.swappiness=1\" for \"--sysctl\" flag: sysctl 'vm.swappiness=1' is not allowed"
  run b run --rm --network host --sysctl net.ipv4.ip_forward=1 busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains "not allowed with --network host"
  run b run --rm --security-opt bogus busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains 'Invalid --security-opt: "bogus"'
  run b run --rm --security-opt no-new-privileges=maybe busybox true
  [ "$status" -eq 125 ] || fail "status $status: $output"
  assert_output_contains 'invalid --security-opt 2: "no-new-privileges=maybe"'
  assert_equal "$(b ps -aq)" ""
}

@test "--privileged: every capability of the host's bounding set, no seccomp, writable /sys" {
  local host_bnd
  host_bnd=$(awk '/^CapBnd/ {print $2}' /proc/self/status)
  run b run --rm --privileged busybox grep -E '^(CapEff|Seccomp):' /proc/self/status
  assert_success
  assert_output_contains "$host_bnd"
  assert_output_matches "Seccomp:[[:space:]]+0"
  run b run --rm --privileged busybox sh -c 'grep " /sys " /proc/mounts'
  assert_output_contains "sysfs rw"
  # Nothing masked or read-only, and inspect says so as docker does (null).
  b create --name priv --privileged busybox true >/dev/null
  assert_equal "$(b inspect -f '{{json .HostConfig.MaskedPaths}} {{json .HostConfig.ReadonlyPaths}}' priv)" "null null"
}

@test "restart policy on-failure:2 restarts twice then stops" {
  b run -d --name flaky --restart on-failure:2 busybox sh -c 'exit 3' >/dev/null
  for _ in $(seq 100); do
    [ "$(b inspect -f '{{.State.Status}}' flaky)" = exited ] && [ "$(b inspect -f '{{.RestartCount}}' flaky)" = 2 ] && break
    sleep 0.1
  done
  assert_equal "$(b inspect -f '{{.RestartCount}} {{.State.ExitCode}}' flaky)" "2 3"
}

@test "a killed monitor: ps -a shows the truth and rm -f cleans up" {
  b run -d --name orphan busybox sleep 100 >/dev/null
  local monitor
  monitor=$(pgrep -f "berth-monitor .* $(b inspect -f '{{.Id}}' orphan)")
  kill -9 "$monitor"
  kill -9 "$(b inspect -f '{{.State.Pid}}' orphan)"
  sleep 0.3
  run b ps -a --format '{{.Names}} {{.State}}'
  assert_output_contains "orphan exited"
  b rm -f orphan >/dev/null
  assert_equal "$(b ps -aq)" ""
}

@test "the writable layer survives stop and start (volatile overlay, synced when kept)" {
  b run -d --name keeper busybox sh -c 'echo kept > /data; sleep 100' >/dev/null
  sleep 0.3
  b stop -t 0 keeper >/dev/null
  b start keeper >/dev/null
  run b exec keeper cat /data
  assert_equal "$output" "kept"
  b restart -t 0 keeper >/dev/null
  run b exec keeper cat /data
  assert_equal "$output" "kept"
  b rm -f keeper >/dev/null
}

@test "rm -f of many containers removes them all, and reports each missing one" {
  local names=()
  for i in 1 2 3 4 5 6; do
    b run -d --name "many$i" busybox sleep 100 >/dev/null
    names+=("many$i")
  done
  run b rm -f "${names[@]}" nosuch
  assert_failure 1
  assert_output_contains "No such container: nosuch"
  for n in "${names[@]}"; do assert_output_contains "$n"; done
  assert_equal "$(b ps -aq)" ""
}

@test "container prune removes stopped containers only" {
  b run -d --name up busybox sleep 100 >/dev/null
  b run --name down busybox true
  run b container prune -f
  assert_success
  assert_equal "$(b ps -a --format '{{.Names}}')" up
}

@test "container prune asks first, and reports the size of the writable layers it removed" {
  b run --name wrote busybox sh -c 'head -c 3000 /dev/zero >/f'
  local id
  id=$(b inspect -f '{{.Id}}' wrote)
  run b container prune <<<"n"
  assert_success
  assert_output_contains "WARNING! This will remove all stopped containers."
  assert_equal "$(b ps -aq)" "${id:0:12}"  # answered no: nothing removed
  run b container prune <<<"y"
  assert_success
  assert_output_contains $'Deleted Containers:\n'"$id"$'\n\nTotal reclaimed space: 3kB'
  assert_equal "$(b ps -aq)" ""
  run b container prune -f
  assert_equal "$output" "Total reclaimed space: 0B"  # nothing to remove: no list
}

@test "--env-file: values as written, bare names from the environment, docker's errors" {
  printf '\xef\xbb\xbf# comment\n\nA=1\n  B=two words  \nC="q"\nFROM_ENV\nUNSET_ONE\n' >"$TEST_DIR/vars.env"
  printf 'A=from-flag\n' >"$TEST_DIR/more.env"
  FROM_ENV=here run b run --rm --env-file "$TEST_DIR/vars.env" --env-file "$TEST_DIR/more.env" busybox \
    sh -c 'echo "[$A][$B][$C][$FROM_ENV][${UNSET_ONE-unset}]"'
  assert_success
  assert_equal "$output" '[from-flag][two words  ]["q"][here][unset]'
  printf 'A B=1\n' >"$TEST_DIR/bad.env"
  run b run --name nope --env-file "$TEST_DIR/bad.env" busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "berth: poorly formatted environment: variable 'A B' contains whitespaces"
  run b run --name nope --env-file "$TEST_DIR/missing.env" busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "berth: open $TEST_DIR/missing.env: no such file or directory"
  assert_equal "$(b ps -aq)" ""
}

@test "Config.Env is the image's and the user's only; PATH, HOSTNAME and TERM reach the process" {
  b create -t --name envs -e A=1 -e HOSTNAME_NOT=x busybox sleep 100 >/dev/null
  # dockerd's split: inspect (and so commit) never holds the engine's own variables.
  assert_equal "$(b inspect -f '{{json .Config.Env}}' envs)" '["A=1","HOSTNAME_NOT=x"]'
  b start envs
  run b exec envs sh -c 'echo "$PATH|$HOSTNAME|$TERM|$A"'
  assert_success
  assert_equal "$output" "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|$(b inspect -f '{{.Config.Hostname}}' envs)|xterm|1"
  # The user's values win over the engine's, as docker's.
  run b run --rm -e HOSTNAME=mine -e PATH=/bin busybox sh -c 'echo "$HOSTNAME|$PATH|${TERM-none}"'
  assert_equal "$output" "mine|/bin|none"
  b rm -f envs >/dev/null
}

@test "port: nothing is published on none and host networks; docker's errors for a port and a container" {
  b run -d --name ported busybox sleep 100 >/dev/null
  run b port ported
  assert_success
  assert_equal "$output" ""
  run b container port ported 80/udp
  [ "$status" -eq 1 ] || fail "status $status"
  assert_equal "$output" "berth: No public port '80/udp' published for ported"
  run b port ported 70000
  [ "$status" -eq 1 ] || fail "status $status"
  assert_equal "$output" 'berth: invalid port (70000): strconv.ParseUint: parsing "70000": value out of range'
  run b port ported http
  assert_equal "$output" 'berth: invalid port (http): strconv.ParseUint: parsing "http": invalid syntax'
  run b port no-such-$ID_TAG
  [ "$status" -eq 1 ] || fail "status $status"
  assert_equal "$output" "berth: No such container: no-such-$ID_TAG"
  b rm -f ported >/dev/null
}

@test "--stop-timeout: stop without -t gives the container that long before SIGKILL" {
  # On SIGTERM the container takes 2 s to exit 0: within a 6 s timeout it does, past 1 s it is killed.
  local script='trap "sleep 2; exit 0" TERM; while :; do sleep 0.1; done'
  b run -d --name quick --stop-timeout 1 busybox sh -c "$script" >/dev/null
  b run -d --name patient --stop-timeout 6 busybox sh -c "$script" >/dev/null
  assert_equal "$(b inspect -f '{{.Config.StopTimeout}}' quick)" 1
  sleep 0.3  # the traps are set
  run b stop quick patient
  assert_success
  assert_equal "$(b inspect -f '{{.State.ExitCode}}' quick)" 137
  assert_equal "$(b inspect -f '{{.State.ExitCode}}' patient)" 0
}

@test "--restart always and unless-stopped restart on any exit code; stop ends it for good" {
  b run -d --name always --restart always busybox true >/dev/null
  b run -d --name unless --restart unless-stopped busybox sh -c 'exit 3' >/dev/null
  local c
  for c in always unless; do
    for _ in $(seq 100); do
      [ "$(b inspect -f '{{.RestartCount}}' "$c")" -ge 2 ] && break
      sleep 0.1
    done
    [ "$(b inspect -f '{{.RestartCount}}' "$c")" -ge 2 ] || fail "$c was not restarted: $(b inspect -f '{{.RestartCount}}' "$c")"
    assert_equal "$(b inspect -f '{{.HostConfig.RestartPolicy.Name}}' "$c")" "$([ "$c" = always ] && echo always || echo unless-stopped)"
  done
  run b stop always unless
  assert_success
  local before
  before=$(b inspect -f '{{.RestartCount}}' always unless)
  sleep 1.5  # longer than the back-off reached so far
  assert_equal "$(b inspect -f '{{.RestartCount}}' always unless)" "$before"
  assert_equal "$(b inspect -f '{{.State.Status}}' always unless)" $'exited\nexited'
}

@test "ps --filter ancestor= matches the image by name, name:tag and id" {
  b run -d --name anc busybox sleep 100 >/dev/null
  local image_id
  image_id=$(b inspect -f '{{.Image}}' anc)
  for f in busybox busybox:latest "${image_id#sha256:}"; do
    assert_equal "$(b ps --filter "ancestor=$f" --format '{{.Names}}')" anc
  done
  assert_equal "$(b ps --filter ancestor=other -q)" ""
}

@test "--cpuset-cpus pins the container; CPUs not available or a bad list: 125, nothing created" {
  run b run --rm --cpuset-cpus 0 busybox grep Cpus_allowed_list /proc/self/status
  assert_success
  assert_output_matches 'Cpus_allowed_list:[[:space:]]+0$'
  local available
  available=$(cat /sys/fs/cgroup/cpuset/cpuset.cpus 2>/dev/null || cat /sys/fs/cgroup/cpuset.cpus.effective)
  run b run --name nope --cpuset-cpus 4095 busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "berth: Requested CPUs are not available - requested 4095, available: $available"
  run b run --name nope --cpuset-cpus 1-x busybox true
  [ "$status" -eq 125 ] || fail "status $status"
  assert_equal "$output" "berth: Invalid value 1-x for cpuset cpus"
  assert_equal "$(b ps -aq)" ""
}

@test "a seccomp filter by default: namespace creation denied; unconfined lifts it" {
  run b run --rm busybox grep Seccomp: /proc/self/status
  assert_output_contains "2"
  # A user namespace needs no capability, so only the filter stops it.
  run b run --rm busybox unshare -U true
  assert_failure
  assert_output_contains "Operation not permitted"
  run b run --rm --security-opt seccomp=unconfined busybox unshare -U true
  assert_success
  run b run --rm --cap-add SYS_ADMIN busybox unshare -U true
  assert_success
}

@test "attach: live output, input to a container run with -i, and its exit code" {
  b run -di --name att busybox sh -c 'read line; echo "got $line"; exit 4' >/dev/null
  run timeout 10 bash -c "echo hello | $BERTH --root $BERTH_ROOT --runroot $BERTH_RUNROOT attach att"
  [ "$status" -eq 4 ] || fail "status $status: $output"
  assert_output_contains "got hello"
  b run -d --name att2 busybox sh -c 'sleep 0.5; for i in 1 2 3; do echo "tick $i"; done' >/dev/null
  run timeout 10 "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" attach --no-stdin att2
  assert_success
  assert_output_contains "tick 3"
  run b attach att2
  assert_failure
  assert_output_contains "You cannot attach to a stopped container"
}

@test "attach --sig-proxy: a signal to the client reaches the container; --sig-proxy=false keeps it" {
  # PID 1 of the container gets only signals it traps; sh runs its trap between the short sleeps.
  local script='trap "echo got-term; exit 7" TERM; echo ready; while :; do sleep 0.1; done'
  b run -d --name sp busybox sh -c "$script" >/dev/null
  "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" attach sp >"$TEST_DIR/sp.out" 2>&1 &
  local client=$!
  sleep 0.5
  kill -TERM "$client"
  local status=0
  wait "$client" || status=$?
  [ "$status" -eq 7 ] || fail "status $status: $(cat "$TEST_DIR/sp.out")"
  grep -q got-term "$TEST_DIR/sp.out" || fail "no got-term: $(cat "$TEST_DIR/sp.out")"

  b run -d --name nosp busybox sh -c "$script" >/dev/null
  "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" attach --sig-proxy=false nosp >"$TEST_DIR/nosp.out" 2>&1 &
  client=$!
  sleep 0.5
  kill -TERM "$client"
  status=0
  wait "$client" || status=$?
  [ "$status" -eq 143 ] || fail "status $status: the client should die of SIGTERM"
  sleep 0.3
  assert_equal "$(b inspect -f '{{.State.Running}}' nosp)" true
  run b logs nosp
  assert_output_lacks got-term
}

@test "start -a returns the container's output and exit code; start -ai forwards stdin" {
  b create --name sa busybox sh -c 'echo out; echo err >&2; exit 3' >/dev/null
  run timeout 10 "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" start -a sa
  [ "$status" -eq 3 ] || fail "status $status: $output"
  assert_output_contains out
  assert_output_contains err
  b create -i --name sai busybox cat >/dev/null
  run timeout 10 bash -c "echo hi-from-stdin | $BERTH --root $BERTH_ROOT --runroot $BERTH_RUNROOT start -ai sai"
  assert_success
  assert_equal "$output" "hi-from-stdin"
  # Without -i our stdin is not the container's.
  b create -i --name sa2 busybox sh -c 'read -t 1 line && echo "got $line" || echo nothing' >/dev/null
  run timeout 10 bash -c "echo hi | $BERTH --root $BERTH_ROOT --runroot $BERTH_RUNROOT start -a sa2"
  assert_success
  assert_equal "$output" nothing
  # --rm: the exit code still comes back although the record is gone.
  b create --rm --name sarm busybox sh -c 'exit 5' >/dev/null
  run b start -a sarm
  [ "$status" -eq 5 ] || fail "status $status: $output"
  run b ps -a --format '{{.Names}}'
  assert_output_lacks sarm
}

@test "--detach-keys: a bad value is refused naming the flag (run 125, other commands 1, as docker), and nothing is created" {
  b run -d --name dk busybox sleep 100 >/dev/null
  local bad
  for bad in ctrl-A ctrl- ab 'ctrl-p,' ''; do
    [ -n "$bad" ] || continue
    run b attach --detach-keys "$bad" dk
    [ "$status" -eq 1 ] || fail "attach --detach-keys '$bad': status $status: $output"
    assert_output_contains "--detach-keys"
  done
  run b run --detach-keys ctrl-1 --name never busybox true
  [ "$status" -eq 125 ] || fail "run: status $status: $output"
  assert_output_contains "invalid --detach-keys \"ctrl-1\""
  run b ps -a --format '{{.Names}}'
  assert_output_lacks never
  run b exec --detach-keys x,, dk true
  [ "$status" -eq 1 ] || fail "exec: status $status: $output"
  b create --name dks busybox true >/dev/null
  run b start -a --detach-keys ctrl-é dks
  [ "$status" -eq 1 ] || fail "start: status $status: $output"
  assert_equal "$(b inspect -f '{{.State.Status}}' dks)" created
  # The config file's detach_keys is checked the same way.
  printf 'detach_keys = ctrl-p,ctrl-\n' >"$TEST_DIR/berth.conf"
  run b --config "$TEST_DIR/berth.conf" attach dk
  [ "$status" -eq 1 ] || fail "config: status $status: $output"
  assert_output_contains "berth.conf:1: detach_keys"
  # A tty container wants a terminal on our side.
  b run -dit --name dkt busybox sh >/dev/null
  run b attach dkt </dev/null
  assert_failure
  assert_output_contains "the input device is not a TTY"
}

@test "logs --since and --until select by time; --pid container: and --uts host share namespaces" {
  b run -d --name early busybox sh -c 'echo first; sleep 2; echo second; sleep 100' >/dev/null
  sleep 1
  local middle
  middle=$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)
  sleep 1.5
  run b logs --since "$middle" early
  assert_equal "$output" "second"
  run b logs --until "$middle" early
  assert_equal "$output" "first"
  # Go durations and fractional Unix times, as docker reads them; a bad value in its words.
  run b logs --since 1h30m early
  assert_equal "$output" $'first\nsecond'
  run b logs --since "$(date +%s).5" early
  assert_equal "$output" ""
  run b logs --since yesterday early
  assert_failure
  assert_output_contains 'invalid value for "since": failed to parse value as time or duration: "yesterday"'
  # A --tail that is not a number shows everything (dockerd reads it so).
  run b logs --tail x early
  assert_equal "$output" $'first\nsecond'
  run b run --rm --pid container:early busybox ps
  assert_output_contains "sleep"
  run b run --rm --uts host busybox hostname
  assert_equal "$output" "$(hostname)"
}

@test "--network none: only lo, and it is up; --network host: the host's interfaces" {
  run b run --rm busybox sh -c 'ls /sys/class/net; ip -o link show lo; ping -c 1 -W 1 127.0.0.1 >/dev/null && echo ping-ok'
  assert_success
  assert_equal "$(head -1 <<<"$output")" "lo"
  assert_output_matches '^1: lo: <LOOPBACK,UP,LOWER_UP>'
  assert_output_contains ping-ok
  run b run --rm --network host busybox ls /sys/class/net
  assert_success
  assert_equal "$(sort <<<"$output")" "$(ls /sys/class/net | sort)"
}

@test "run -d from a process with stdin, stdout and stderr closed starts the container" {
  # The CLI's pipes to its monitor are then fds 0-2, which the monitor's stdio must not clobber.
  timeout 20 sh -c 'exec 0<&- 1>&- 2>&-; exec "$@"' -- "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" \
    --cgroup-parent "/$ID_TAG" run -d --name closed busybox sh -c 'echo started; sleep 100'
  sleep 0.3
  assert_equal "$(b logs closed)" "started"
  b rm -f closed >/dev/null
}

@test "--init runs docker-init (Debian's tini) as pid 1 in front of the command" {
  run b run --rm --init busybox ps
  assert_success
  assert_output_matches '^ +1 .*/sbin/docker-init -- ps'
}

@test "rmi and image prune keep an image a container uses" {
  b run -d --name user busybox sleep 100 >/dev/null
  run b rmi busybox
  assert_failure
  assert_output_contains "conflict: unable to delete"
  run b image prune -a -f
  assert_success
  b tag busybox second
  run b rmi second
  assert_success
  assert_output_contains "Untagged: second:latest"
  b rm -f user >/dev/null
  run b rmi busybox
  assert_success
}

@test "suite leaves nothing behind" {
  suite_leak_check
}

@test "container prune --filter: until and label as dockerd reads them, and its errors" {
  b create --name keepme --label keep=yes busybox true >/dev/null
  b create --name dropme busybox true >/dev/null
  # Nothing is older than an hour: nothing goes.
  run b container prune -f --filter until=1h
  assert_success
  assert_equal "$(b ps -aq | wc -l)" 2
  run b container prune -f --filter 'label!=keep=yes'
  assert_success
  assert_equal "$(b ps -a --format '{{.Names}}')" keepme
  run b container prune -f --filter until=soon
  assert_failure 1
  assert_output_contains 'failed to parse value as time or duration: "soon"'
  run b container prune -f --filter bogus=1
  assert_failure 1
  assert_output_contains "Invalid filter 'bogus'"
  run b container prune -f --filter nonsense
  assert_failure 125
  assert_output_contains 'invalid argument "nonsense" for "--filter" flag'
  assert_equal "$(b ps -a --format '{{.Names}}')" keepme
}

@test "pause and unpause freeze the container's cgroup, as docker's do; stop, kill and rm -f get through" {
  b run -d --name pz busybox sh -c 'i=0; while true; do i=$((i+1)); echo $i > /tmp/n; sleep 0.05; done' >/dev/null
  sleep 0.3
  run b pause pz
  assert_success
  assert_equal "$output" pz
  assert_equal "$(b inspect -f '{{.State.Status}} {{.State.Paused}} {{.State.Running}}' pz)" "paused true true"
  [[ $(b ps --format '{{.Status}}' -f name=pz) == *"(Paused)" ]] || fail "ps: $(b ps -f name=pz)"
  # Frozen: the counter does not move.
  local a z
  a=$(cat "$(b inspect -f '{{.GraphDriver.Data.UpperDir}}' pz)/tmp/n")
  sleep 0.3
  z=$(cat "$(b inspect -f '{{.GraphDriver.Data.UpperDir}}' pz)/tmp/n")
  assert_equal "$z" "$a"
  run b pause pz
  assert_failure 1
  assert_output_contains "is already paused"
  run b exec pz true
  assert_failure 1
  assert_output_contains "is paused, unpause the container before exec"
  run b unpause pz
  assert_success
  assert_equal "$(b inspect -f '{{.State.Status}}' pz)" running
  sleep 0.3
  [[ $(cat "$(b inspect -f '{{.GraphDriver.Data.UpperDir}}' pz)/tmp/n") -gt $z ]] || fail "not thawed"
  run b unpause pz
  assert_failure 1
  assert_output_contains "is not paused"
  # A paused container is stopped (the SIGKILL after the timeout thaws it) and removed by force.
  b pause pz >/dev/null
  run timeout 20 "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG" stop -t 1 pz
  assert_success
  assert_equal "$(b inspect -f '{{.State.Status}} {{.State.ExitCode}}' pz)" "exited 137"
  run b pause pz
  assert_failure 1
  assert_output_contains "is not running"
  b start pz >/dev/null
  b pause pz >/dev/null
  run timeout 20 "$BERTH" --root "$BERTH_ROOT" --runroot "$BERTH_RUNROOT" --cgroup-parent "/$ID_TAG" rm -f pz
  assert_success
  assert_equal "$(b ps -aq)" ""
}

@test "a monitor keeps none of the descriptors its CLI was started with" {
  exec 9</etc/hostname
  b run -d --name fdc busybox sleep 100 >/dev/null
  exec 9<&-
  local id mon
  id=$(b inspect -f '{{.Id}}' fdc)
  mon=$(jq -r '.state.monitor_pid' "$BERTH_ROOT/containers/$id/container.json")
  [[ $mon -gt 0 ]] || fail "no monitor pid"
  local fd target
  for fd in /proc/$mon/fd/*; do
    target=$(readlink "$fd" || true)
    [[ $target != /etc/hostname ]] || fail "the monitor holds the CLI's fd ${fd##*/}: $target"
  done
  [[ ! -e /proc/$mon/fd/9 ]] || fail "fd 9 leaked into the monitor: $(readlink /proc/$mon/fd/9)"
}

@test "every container gets docker's /etc/hostname, /etc/hosts and /etc/resolv.conf; --network host the host's" {
  run b run --rm --hostname box busybox cat /etc/hostname /etc/hosts
  assert_success
  assert_equal "$(head -2 <<<"$output")" $'box\n127.0.0.1\tlocalhost'
  assert_output_contains $'::1\tlocalhost ip6-localhost ip6-loopback'
  # The host's resolver, less the loopback nameservers a private network namespace cannot reach.
  local expected
  expected=$(grep -E '^nameserver' /etc/resolv.conf | grep -vE 'nameserver (127\.|::1$)' || true)
  [ -n "$expected" ] || expected=$'nameserver 8.8.8.8\nnameserver 8.8.4.4'
  run b run --rm busybox grep -E '^nameserver' /etc/resolv.conf
  assert_equal "$output" "$expected"
  run b run --rm --network host busybox cat /etc/hostname /proc/sys/kernel/hostname
  assert_equal "$output" "$(hostname)"$'\n'"$(hostname)"
  run b run --rm --network host busybox cat /etc/hosts
  assert_equal "$output" "$(cat /etc/hosts)"
  # Writable as docker's, read-only with the rootfs; a user mount over one of them wins.
  run b run --rm busybox sh -c 'echo 10.0.0.1 db >>/etc/hosts && grep db /etc/hosts'
  assert_equal "$output" "10.0.0.1 db"
  run b run --rm --read-only busybox sh -c 'echo x >>/etc/hosts'
  assert_failure
  assert_output_contains "Read-only file system"
  printf 'mine\n' >"$TEST_DIR/hostname"
  run b run --rm -v "$TEST_DIR/hostname:/etc/hostname:ro" busybox cat /etc/hostname
  assert_equal "$output" mine
}
