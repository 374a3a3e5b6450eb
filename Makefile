GO      ?= go
FUZZTIME ?= 30s
PKGS    := ./...

.PHONY: build test bench fuzz update cover

build:
	$(GO) build -o bin/xopsexport ./cmd/xopsexport

# vet + the race detector over every package: the README's test command.
test:
	$(GO) vet $(PKGS)
	$(GO) test -race $(PKGS)

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
