# urunc-seccomp-exec: see README.md.
BIN        := urunc-seccomp-exec
VERSION    := $(shell git describe --always --dirty 2>/dev/null || echo dev)
MONITORDIR := /usr/lib/urunc-seccomp-exec
LDFLAGS    := -s -w -X main.version=$(VERSION) -X main.monitorDir=$(MONITORDIR)
# make vmtest ARCH=amd64 KERNEL=6.12: the VM tests for one architecture and kernel.
ARCH       ?= $(shell go env GOARCH)
KERNEL     ?= 6.1

.PHONY: build deps demo test lint unit e2e vm vmtest stress bench clean

# Go as go.mod names it, checked before anything runs for every target
# but deps and clean: one line saying which Go and where to get it.
ifneq ($(filter-out deps clean,$(or $(MAKECMDGOALS),build)),)
GO_PROBLEM := $(shell scripts/go-version.sh 2>&1)
$(if $(GO_PROBLEM),$(error $(GO_PROBLEM)))
endif

# Two builds of one program: urunc-seccomp-exec, what runtimes exec at every
# monitor start, without the subcommands and cobra (-tags wrapperonly; it
# hands them to the other); urunc-seccomp-exec-tools, everything.
build:
	CGO_ENABLED=0 go build -tags wrapperonly -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) .
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)-tools .

# The Debian packages the demo and the tests use (installed as root).
deps:
	scripts/deps.sh

demo: deps build
	scripts/demo.sh ./$(BIN)

# Every step (deps, lint, unit, e2e, vm), even after one fails, then one
# count of all the tests.
test:
	scripts/test.sh

# gofmt, go vet, staticcheck, shellcheck on every shell file, and the
# generated files regenerated and compared with what is committed.
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "lint: gofmt -w the files above" >&2; exit 1; }
	go vet ./...
	go vet -tags wrapperonly .
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	shellcheck -x $$(git ls-files '*.sh' '*.bash' '*.bats' e2e/vm/init)
	@sums=$$(sha256sum $$(git ls-files '*_gen.go')); go generate ./... && echo "$$sums" | sha256sum --quiet -c - || \
	{ echo "lint: go generate changed the files above: run it and commit them" >&2; exit 1; }

unit:
	go vet ./...
	go test ./...

# make e2e FILTER=REGEX: only the tests whose names match.
e2e:
	e2e/run.sh "$(FILTER)"

# The tests that need KVM or a kernel's own behaviour, in VMs: x86-64 on
# both kernels Debian serves here, arm64 on 6.1 (two at a time).
vm:
	e2e/vm/matrix.sh amd64:6.1 amd64:6.12 arm64:6.1

vmtest:
	ARCH=$(ARCH) KERNEL=$(KERNEL) e2e/vm/vmtest.sh "$(FILTER)"

# The window under load and under signals, at length: 20,000 wrapped runs
# with every core busy, 300 runs per signal storm, and 5,000 runs of each
# learned policy (make test runs 2,000, 100 and 500: they took 9 of its
# 14 minutes at 5,000 and 2,000 on 2 cores, and the failures they guard
# against killed from 1.5% to all of the runs).
stress:
	STRESS_RUNS=20000 STORM_RUNS=300 LEARN_RUNS=5000 e2e/run.sh '^(stress|signal_window|learn_)'

clean:
	rm -rf $(BIN) $(BIN)-tools e2e/build

bench:
	scripts/bench.sh
