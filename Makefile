# Corvid: `make run` starts the daemon with sensible defaults, `make test` runs every test.
MODULE  := $(shell go list -m)
GO      ?= go
PREFIX  ?= /usr/local
FUZZTIME ?= 30s
FUZZ := protocol/memcache:FuzzParseText protocol/memcache:FuzzParseMeta protocol/memcache:FuzzPeekKey protocol/resp:FuzzParse \
        protocol/resp:FuzzParseReply protocol/resp:FuzzNumbers protocol/resp:FuzzPeekKey server:FuzzSplitArgs server:FuzzSet \
        bench:FuzzParseMCText bench:FuzzParseMeta bench:FuzzParseRESP
# Packages whose code runs on many goroutines at once: their tests also run under the race detector.
RACE_PKGS := ./engine/... ./slab/... ./server/... ./protocol/... ./redisext/... ./test/...
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)
LDFLAGS := -X $(MODULE)/server.Version=$(VERSION)

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' Makefile | sed -E 's/:.*## /\t/' | column -t -s "$$(printf '\t')"

build: ## build bin/corvid and bin/corvid-bench
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/corvid ./cmd/corvid
	$(GO) build -o bin/corvid-bench ./bench/cmd/corvid-bench

run: build ## start Corvid in the foreground: memcached on 127.0.0.1:11211, Redis on 6379, metrics on 9150
	./bin/corvid $(ARGS)

test: build ## every test: unit, end-to-end against bin/corvid, differential against memcached; race detector on the concurrent packages
	CORVID_BIN=$(CURDIR)/bin/corvid $(GO) test -count=1 ./...
	CORVID_BIN=$(CURDIR)/bin/corvid $(GO) test -count=1 -race -short $(RACE_PKGS)

test-race: build ## all tests under the race detector
	CORVID_BIN=$(CURDIR)/bin/corvid $(GO) test -count=1 -race ./...

conformance: build ## end-to-end tests only
	CORVID_BIN=$(CURDIR)/bin/corvid $(GO) test -count=1 ./test/...

cover: ## coverage profile in cover.out
	$(GO) test -coverprofile=cover.out ./...

bench: ## Go benchmarks (-benchmem)
	$(GO) test -run='^$$' -bench=. -benchmem ./...

bench-compare: build ## Corvid vs memcached vs redis-server on loopback, same workloads, medians and ratios
	./bin/corvid-bench compare --corvid bin/corvid $(ARGS)

bench-scale: build ## throughput at 1-16 server threads vs memcached and redis-server (needs 16 CPUs; SVGs in bench/results/scale-16core)
	./bin/corvid-bench compare --corvid bin/corvid --sweep-threads 1,2,4,8,16 --server-cpus 0-15 --client-cpus 8-15 \
	  --workloads mc-get-set-9:1,meta-pipeline-16,resp-pipeline-16 --rounds 3 -d 2s -c 256 -m 1024 \
	  --json --progress on --plot bench/results/scale-16core/scale.svg > bench/results/scale-16core/scale.json

perf-report: build ## re-measure against memcached and redis-server, rewrite README.md's Performance section (~20 min)
	bench/perf-report.sh

fuzz: ## run every fuzz target for FUZZTIME each
	@set -e; for t in $(FUZZ); do $(GO) test ./$${t%%:*} -run='^$$' -fuzz="^$${t##*:}$$" -fuzztime=$(FUZZTIME); done

fmt: ## gofmt the tree
	gofmt -s -w .

lint: ## gofmt, go vet, staticcheck
	test -z "$$(gofmt -s -l .)" && $(GO) vet ./... && $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

check-layering: ## engine and slab must not import the protocol layers
	@! $(GO) list -deps ./engine/... ./slab/... | grep -E '^$(MODULE)/(cmd|server|protocol|redisext|bench)(/|$$)' \
		|| (echo 'engine/slab import a protocol layer' >&2; exit 1)

check: lint check-layering test ## what a careful pre-push runs

install: build ## install the binary, the systemd unit and a sample config (PREFIX=/usr/local, DESTDIR=)
	install -D -m 0755 bin/corvid $(DESTDIR)$(PREFIX)/bin/corvid
	install -D -m 0644 deploy/corvid.service $(DESTDIR)/etc/systemd/system/corvid.service
	sed -i 's|/usr/local/bin/corvid|$(PREFIX)/bin/corvid|' $(DESTDIR)/etc/systemd/system/corvid.service
	@if [ -e $(DESTDIR)/etc/corvid/corvid.conf ]; then echo "keeping existing /etc/corvid/corvid.conf"; \
	else install -D -m 0644 deploy/corvid.conf $(DESTDIR)/etc/corvid/corvid.conf; fi
	@echo "now: systemctl daemon-reload && systemctl enable --now corvid"

clean: ## remove build outputs
	rm -rf bin cover.out

.PHONY: help build run test test-race conformance cover bench bench-compare bench-scale perf-report fuzz fmt lint check-layering check install clean
