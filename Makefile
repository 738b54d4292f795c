# urunc-seccomp-exec: see README.md.
BIN        := urunc-seccomp-exec
VERSION    := $(shell git describe --always --dirty 2>/dev/null || echo dev)
MONITORDIR := /usr/lib/urunc-seccomp-exec
LDFLAGS    := -X main.version=$(VERSION) -X main.monitorDir=$(MONITORDIR)

.PHONY: build demo test unit e2e bench clean

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

clean:
	rm -rf $(BIN) e2e/build

bench:
	scripts/bench.sh
