GO      ?= go
FUZZTIME ?= 30s
PKGS    := ./...

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# urfave_cli_no_docs drops the CLI library's man-page generator (and its
# Markdown parser), which xopsexport never uses.
BUILDFLAGS := -trimpath -tags urfave_cli_no_docs -ldflags "-s -w -X main.version=$(VERSION)"

.PHONY: build lint test test-long bench bench-cli fuzz update cover licenses

build:
	$(GO) build $(BUILDFLAGS) -o bin/xopsexport ./cmd/xopsexport

# The README's test command: vet, then every package under the race
# detector with -short (about 2 minutes on 2 cores). Scale cases and
# checks that build or fetch tools run in test-long.
test:
	$(GO) mod tidy -diff
	$(GO) vet $(PKGS)
	$(GO) test -race -short $(PKGS)

# The slow cases -short skips (100k-question decks, the 64 MiB input cap,
# generated-file freshness), without the race detector; CI runs both.
test-long:
	$(GO) test -timeout 30m $(PKGS)

# staticcheck at a pinned version (fetched by go run through the module
# proxy), after vet and a go.mod tidiness check.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	$(GO) mod tidy -diff
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)

# Regenerates the third-party licence list embedded in the binary.
licenses:
	$(GO) run ./internal/licenses/gen

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# Whole-process timings of the built binary (start-up, pdf, export, 10k).
bench-cli: build
	scripts/bench-cli.sh bin/xopsexport

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

# Mutation checks: slow (about an hour on 2 cores), so not part of make test.
# gremlins flips operators in the core packages; scripts/deletestmt deletes
# one statement at a time. Both fail when a mutant lives that
# scripts/deletestmt/equivalents.txt does not explain. README "Mutation
# testing" says how to read the output. Not used: gremlins' --test-cpu
# (v0.6.0 passes "-cpu N" as one argument, go test cannot start, and every
# mutant counts as killed) and --threshold-efficacy (it fails at 100 % too).
GREMLINS    ?= github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
MUTATE_PKGS ?= ./model ./revision ./extract ./source ./exporters/moodle ./exporters/anki ./internal/atomicfile
DELETE_PKGS ?= ./internal/atomicfile ./source ./revision ./model
MUTATE_OUT  ?= $(CURDIR)/out/mutate

.PHONY: mutate
mutate:
	@mkdir -p $(MUTATE_OUT); rm -f $(MUTATE_OUT)/*.json; fail=0; \
	for p in $(MUTATE_PKGS); do \
	  echo "== gremlins $$p"; \
	  GOFLAGS="-short -vet=off" $(GO) run $(GREMLINS) unleash --workers 2 --timeout-coefficient 10 \
	    --invert-logical --invert-loopctrl -o $(MUTATE_OUT)/$$(basename $$p).json $$p || fail=1; \
	done; \
	echo "== operator mutants that lived"; \
	$(GO) run ./scripts/deletestmt -gremlins $$(for p in $(MUTATE_PKGS); do printf '%s=%s,' $$p $(MUTATE_OUT)/$$(basename $$p).json; done) || fail=1; \
	echo "== statement deletion"; \
	$(GO) run ./scripts/deletestmt $(DELETE_PKGS) || fail=1; \
	exit $$fail
