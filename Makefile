# The README's two commands, and the targets behind them.
BUILD ?= build
GENERATOR ?= Ninja

.PHONY: all build deps test unit e2e crashtest demo bench fuzz clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD)

test: build
	@cd $(BUILD) && ctest --output-on-failure --timeout 600

unit: build
	@cd $(BUILD) && ctest --output-on-failure -L unit

e2e: build
	@cd $(BUILD) && ctest --output-on-failure -L e2e

# tests/e2e/crash.bats with a SIGKILL at every syscall, not a stride (long: tens of minutes).
crashtest: build
	@BERTH_BUILD=$(abspath $(BUILD)) BERTH_CRASH_EXHAUSTIVE=1 bats tests/e2e/crash.bats

demo: build
	@scripts/demo

bench: build
	@scripts/install-deps bench
	@bench/runtime.sh
	@bench/ipc.sh
	@bench/ipc_modes.sh
	@bench/engine.sh

fuzz: deps
	@scripts/fuzz

clean:
	rm -rf $(BUILD)
