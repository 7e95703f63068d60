#!/usr/bin/env bats
# berth version: docker's Client and Server sections, the default runtime's own version, and
# --format over the same object.

load helpers
load berth_helpers

@test "version: docker's sections, berth's own version, in-process runtime" {
  run b version
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "Client:" ]
  expected_version=$("$BERTH" --version | awk '{print $3}')
  [[ "$output" == *" Version:           $expected_version"* ]]
  [[ "$output" == *"Server: Berth Engine (daemonless)"* ]]
  [[ "$output" == *"  Kernel version:   $(uname -r)"* ]]
  [[ "$output" == *$'\n berth:\n'* ]]
  [[ "$output" == *"  Path:             (in-process)"* ]]
  [[ "$output" == *"  OCI spec:         1.2.0"* ]]
}

@test "version --format: Client and Server fields, json, and docker's error for a bad field" {
  run b version --format '{{.Client.Version}}|{{.Server.Version}}|{{.Client.Os}}'
  [ "$status" -eq 0 ]
  expected_version=$("$BERTH" --version | awk '{print $3}')
  [ "$output" = "$expected_version|$expected_version|linux" ]
  run b version -f json
  [ "$status" -eq 0 ]
  [ "$(jq -r '.Server.Components[1].Name' <<<"$output")" = berth ]
  run b version -f '{{.Client.Bogus}}'
  [ "$status" -eq 1 ]
  [[ "$output" == *"can't evaluate field Bogus"* ]]
}

@test "version: an external default runtime answers for itself" {
  command -v runc >/dev/null || skip "runc not installed"
  run b --default-runtime runc version -f '{{range .Server.Components}}{{.Name}}={{.Version}};{{end}}'
  [ "$status" -eq 0 ]
  [ "$output" = "Engine=$("$BERTH" --version | awk '{print $3}');runc=$(runc --version | awk 'NR==1{print $3}');" ]
  run b --default-runtime "$BERTH_BUILD/bin/berth-runtime" version -f '{{(index .Server.Components 1).Details.Spec}}'
  [ "$status" -eq 0 ]
  [ "$output" = 1.2.0 ]
}

@test "version: a runtime that does not exist is named in the error" {
  run b --default-runtime no-such-runtime-$ID_TAG version
  [ "$status" -ne 0 ]
  [ "$output" = "berth: unknown or invalid runtime name: no-such-runtime-$ID_TAG" ]
}
