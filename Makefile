# urunc-seccomp-exec: see README.md.
BIN        := urunc-seccomp-exec
VERSION    := $(shell git describe --always --dirty 2>/dev/null || echo dev)
MONITORDIR := /usr/lib/urunc-seccomp-exec
LDFLAGS    := -X main.version=$(VERSION) -X main.monitorDir=$(MONITORDIR)

.PHONY: build demo test unit e2e stress bench clean

build:
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) .

demo: build
	scripts/demo.sh ./$(BIN)

test: unit e2e

unit:
	go vet ./...
	go test ./...

e2e:
	e2e/run.sh

# The window under load and under signals, at length: 20,000 wrapped runs
# with every core busy, and 300 runs per signal storm (CI runs 5,000 and 100).
stress:
	STRESS_RUNS=20000 STORM_RUNS=300 e2e/run.sh stress signal_window

clean:
	rm -rf $(BIN) e2e/build

bench:
	scripts/bench.sh
