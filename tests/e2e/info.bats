#!/usr/bin/env bats
# berth info / system info: docker's Client and Server sections, the counts read from the records
# on disk (running, paused, stopped, a killed monitor's container), images, the host's facts,
# --format over docker's Info fields, json, a bad template's error, and nothing leaked.

load helpers
load berth_helpers

# info_line KEY: the value of " KEY: value" in `berth info`'s text.
info_line() { b info 2>/dev/null | sed -n "s/^ *$1: //p" | head -1; }

@test "info: docker's sections on an empty root" {
  run b info
  assert_success
  assert_equal "${lines[0]}" "Client:"
  assert_output_contains " Version:    $("$BERTH" --version | awk '{print $3}')"
  assert_output_contains " Context:    default"
  assert_output_contains $'\nServer:\n Containers: 0\n  Running: 0\n  Paused: 0\n  Stopped: 0\n Images: 0\n'
  assert_output_contains " Server Version: $("$BERTH" --version | awk '{print $3}')"
  assert_output_contains $' Storage Driver: overlay\n  Backing Filesystem: '
  assert_output_contains " Logging Driver: json-file"
  assert_output_contains " Cgroup Driver: cgroupfs"
  assert_output_contains $' Plugins:\n  Volume: local\n  Network: host null\n  Log: json-file\n'
  assert_output_contains $' Security Options:\n  seccomp\n   Profile: builtin\n'
  assert_output_contains " Default Runtime: berth"
  assert_output_contains " Docker Root Dir: $BERTH_ROOT"
  assert_output_contains " OSType: linux"
  assert_output_lacks "apparmor"
}

@test "info: the host's facts as the host tells them" {
  assert_equal "$(info_line 'Kernel Version')" "$(uname -r)"
  assert_equal "$(info_line Architecture)" "$(uname -m)"
  assert_equal "$(info_line CPUs)" "$(nproc)"
  assert_equal "$(info_line Name)" "$(uname -n)"
  assert_equal "$(info_line 'Operating System')" "$(. /etc/os-release && echo "$PRETTY_NAME")"
  local expected=1
  [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] && expected=2
  assert_equal "$(info_line 'Cgroup Version')" "$expected"
  [[ "$(info_line 'Total Memory')" =~ ^[0-9.]+GiB$ ]] || fail "Total Memory: $(info_line 'Total Memory')"
  # The filesystem under --root: extfs, xfs, tmpfs, ... as docker names it.
  [ -n "$(info_line 'Backing Filesystem')" ]
  # The id is stable for the same root.
  assert_equal "$(b info -f '{{.ID}}')" "$(b info -f '{{.ID}}')"
}

@test "info: counts running, paused and stopped containers, a killed monitor's as stopped" {
  import_busybox busybox
  b run -d --name up busybox sleep 100 >/dev/null
  b run -d --name frozen busybox sleep 100 >/dev/null
  b pause frozen >/dev/null
  b create --name made busybox true >/dev/null
  b run --name done busybox true >/dev/null
  b run -d --name orphan busybox sleep 100 >/dev/null
  sleep 0.3
  kill -9 "$(pgrep -f "berth-monitor .* $(b inspect -f '{{.Id}}' orphan)")"
  kill -9 "$(b inspect -f '{{.State.Pid}}' orphan)"
  sleep 0.3
  run b info
  assert_success
  assert_output_contains $' Containers: 5\n  Running: 1\n  Paused: 1\n  Stopped: 3\n Images: 1\n'
  run b system info -f '{{.Containers}} {{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}}'
  assert_equal "$output" "5 1 1 3"
  # ps -a agrees.
  assert_equal "$(b ps -a --format '{{.State}}' | sort | tr '\n' ' ')" "created exited exited paused running "
  b unpause frozen >/dev/null
  assert_equal "$(b info -f '{{.ContainersRunning}} {{.ContainersPaused}}')" "2 0"
}

@test "info: images are counted once whatever their tags" {
  assert_equal "$(b info -f '{{.Images}}')" 0
  import_busybox busybox
  b tag busybox other:1
  assert_equal "$(b info -f '{{.Images}}')" 1
  mkdir -p "$TEST_DIR/extra" && echo x >"$TEST_DIR/extra/file"
  tar -C "$TEST_DIR/extra" -cf "$TEST_DIR/extra.tar" .
  b import "$TEST_DIR/extra.tar" extra >/dev/null
  assert_equal "$(b info -f '{{.Images}}')" 2
}

@test "info --format: docker's fields, json, and system info" {
  run b info --format '{{.ServerVersion}}|{{.Driver}}|{{.NCPU}}|{{.OSType}}|{{.DefaultRuntime}}|{{.LoggingDriver}}'
  assert_success
  assert_equal "$output" "$("$BERTH" --version | awk '{print $3}')|overlay|$(nproc)|linux|berth|json-file"
  assert_equal "$(b info -f '{{.MemTotal}}')" "$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024 ))"
  assert_equal "$(b info -f '{{.DockerRootDir}}')" "$BERTH_ROOT"
  assert_equal "$(b info -f '{{.CgroupVersion}}')" "$(info_line 'Cgroup Version')"
  assert_equal "$(b info -f '{{index .Plugins.Network 1}} {{.Swarm.LocalNodeState}} {{.ClientInfo.Context}}')" "null inactive default"
  run b info -f '{{json .}}'
  assert_success
  assert_equal "$(jq -r '.Containers, .Images, .Driver, .DockerRootDir, .SecurityOptions[0]' <<<"$output" | tr '\n' ' ')" \
    "0 0 overlay $BERTH_ROOT name=seccomp,profile=builtin "
  assert_equal "$(jq -r '.Runtimes.berth.path' <<<"$output")" "(in-process)"
  run b system info -f json
  assert_success
  assert_equal "$(jq -r .ClientInfo.Version <<<"$output")" "$("$BERTH" --version | awk '{print $3}')"
  if command -v runc >/dev/null; then
    assert_equal "$(b info -f '{{.Runtimes.runc.path}}')" "$(command -v runc)"
    assert_equal "$(b --default-runtime runc info -f '{{.DefaultRuntime}}')" runc
    assert_output_contains "runc"
  fi
}

@test "info: docker's warnings, on stderr and only where true" {
  local err
  err=$(b info 2>&1 >/dev/null)
  if [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ] && [ ! -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ]; then
    [[ "$err" == *"WARNING: No swap limit support"* ]] || fail "no swap warning: $err"
  else
    [[ "$err" != *"No swap limit support"* ]] || fail "a swap warning: $err"
  fi
  # --format prints the object only.
  err=$(b info -f '{{.Name}}' 2>&1 >/dev/null)
  assert_equal "$err" ""
}

@test "info: a bad template fails with docker's error and creates nothing" {
  run b info -f '{{.Bogus}}'
  assert_failure 1
  assert_output_contains "can't evaluate field Bogus"
  run b info --format '{{.Nope'
  assert_failure
  assert_output_contains "unclosed action"
  run b system info -f '{{.Containers "x"}}'
  assert_failure 1
  assert_output_contains "has arguments but cannot be invoked as function"
  run b system
  assert_failure
  [ ! -e "$BERTH_ROOT/containers" ] || [ -z "$(ls -A "$BERTH_ROOT/containers")" ]
}

@test "suite leaves nothing behind" {
  suite_leak_check
}
