# Every target installs what it needs (npm ci), so each works on a fresh clone with Node 20.
SHELL := /bin/bash
.DEFAULT_GOAL := help
BIN := node_modules/.bin
STAMP := node_modules/.installed-stamp
TARGET ?=

.PHONY: help install generate build lint check-generated check-proto jest test demo clean docs check-docs

help:
	@echo "make demo      walk through every flow against a local emulator"
	@echo "make test      install, build, lint, check generated code and protos, run all tests"
	@echo "make generate  regenerate src/generated from proto/ (buf + ts-proto)"
	@echo "make build     dist/ (CommonJS + ESM wrappers)"
	@echo "make lint      eslint and a strict type check"
	@echo "make docs      the API reference (TypeDoc) in api-docs/; warnings are errors"
	@echo "make bench     benchmarks side by side with the official client (QUICK=1 for a smoke run)"
	@echo "make chaos     faults, kills and bad input at full size, with a printed report"

# npm ci only when package-lock.json changed since the last install.
$(STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(STAMP)

generate: $(STAMP)
	$(BIN)/buf generate

build: $(STAMP)
	node scripts/build.mjs

lint: $(STAMP)
	$(BIN)/eslint .
	$(BIN)/tsc -p tsconfig.json --noEmit

# Fails when `make generate` would change src/generated.
check-generated: $(STAMP)
	scripts/check-generated.sh

# buf lint, and buf breaking against HEAD and the commit before it.
check-proto: $(STAMP)
	scripts/check-proto.sh

# Both jest projects: `source` (no build needed) and `built` (tests of dist/ and the built CLI),
# which is why `test` runs this after `build`. See jest.config.mjs.
jest: $(STAMP)
	$(BIN)/jest --json --outputFile=.jest-results.json

# The API reference of the three entry points, into api-docs/ (not committed). Every exported
# symbol needs a doc comment: TypeDoc's warnings are errors (typedoc.json).
docs: $(STAMP)
	$(BIN)/typedoc

# The same validation without writing the site, for make test.
check-docs: $(STAMP)
	$(BIN)/typedoc --emit none

test: install build lint check-generated check-proto jest

# Benchmarks side by side with the official client (BENCHMARKS.md); QUICK=1 is a smoke run under 2 minutes.
.PHONY: bench
bench: build
	node bench/run.mjs $(if $(QUICK),--quick,)

# Fault tolerance at full size: faults, kills, restarts; prints the report (RELIABILITY.md).
.PHONY: chaos
chaos: build
	node chaos/run.mjs

demo: build
	node dist/cjs/demo/main.js $(if $(TARGET),--target $(TARGET),)

clean:
	rm -rf dist .jest-results.json
