GO      ?= go
FUZZTIME ?= 30s
PKGS    := ./...

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# urfave_cli_no_docs drops the CLI library's man-page generator (and its
# Markdown parser), which xopsexport never uses.
BUILDFLAGS := -trimpath -tags urfave_cli_no_docs -ldflags "-s -w -X main.version=$(VERSION)"

.PHONY: build test test-long bench fuzz update cover licenses

build:
	$(GO) build $(BUILDFLAGS) -o bin/xopsexport ./cmd/xopsexport

# The README's test command: vet, then every package under the race
# detector with -short (about 2 minutes on 2 cores). Scale cases and
# checks that build or fetch tools run in test-long.
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -short $(PKGS)

# The slow cases -short skips (100k-question decks, the 64 MiB input cap,
# generated-file freshness), without the race detector; CI runs both.
test-long:
	$(GO) test -timeout 30m $(PKGS)

# Regenerates the third-party licence list embedded in the binary.
licenses:
	$(GO) run ./internal/licenses/gen

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# Each fuzz target runs FUZZTIME on its own (go test allows one -fuzz per package run).
fuzz:
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

# Rewrites golden files; review the diff before committing.
update:
	$(GO) test $(PKGS) -update

cover:
	$(GO) test -coverprofile=cover.out $(PKGS) && $(GO) tool cover -func=cover.out | tail -1
