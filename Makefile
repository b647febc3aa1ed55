# The two commands of the README: `make demo` (set up, build, run the main job) and `make test`.
.PHONY: demo test setup build study-smoke install soak fuzz faults reliability-short

setup:
	./scripts/setup.sh

build: setup
	swift build -c release --product cairn

# The main job on built-in data: SPOS with and without landmark regularization on the CIFAR-10 prefix, ranked
# against NAS-Bench-201; prints the comparison table and the report's path.
demo: build
	.build/release/cairn doctor
	.build/release/cairn experiment examples/quickstart.yaml --run-dir runs/quickstart

test: setup
	swift test
	$(MAKE) reliability-short

# A seconds-long `cairn study` (two heuristics × two seeds on a tiny super-net): checks the study machinery end to end.
study-smoke: build
	.build/release/cairn study examples/study-smoke.yaml --run-dir runs/study-smoke

# Installs cairn into $(PREFIX)/bin with its resources (the built-in CIFAR-10 prefix, the NB201/NB101 tables,
# shipped benchmarks) in $(PREFIX)/share/cairn, where the installed binary looks for them.
PREFIX ?= /usr/local
install: build
	install -d $(PREFIX)/bin $(PREFIX)/share/cairn
	install -m 755 .build/release/cairn $(PREFIX)/bin/cairn
	rm -rf $(PREFIX)/share/cairn/Cairn_*.resources
	cp -R .build/release/Cairn_*.resources $(PREFIX)/share/cairn/

# Kill-and-resume soak (docs/RELIABILITY.md): KILLS SIGKILLs at random moments of each job (two super-net runs, an
# experiment, a search, a benchmark build); each resumed job must end with the uninterrupted job's outputs, byte for
# byte.
KILLS ?= 10
soak: build
	CAIRN=.build/release/cairn scripts/soak_resume.sh $(KILLS)

# Fuzzes every parser of outside input with libFuzzer and address sanitizer (docs/RELIABILITY.md): each target
# until 1,000,000 executions or FUZZ_SECONDS seconds; findings stop it with exit 1.
FUZZ_SECONDS ?= 600
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Storage faults (docs/RELIABILITY.md): a read-only run directory, and a full disk at FILLS random moments of a
# super-net run and of a benchmark build, on a small tmpfs (needs root; skipped otherwise).
FILLS ?= 5
faults: build
	CAIRN=.build/release/cairn scripts/storage_faults.sh $(FILLS)

# The short version of the reliability checks, run by `make test` (and so by CI), under 2 minutes after the builds
# (measured: 47 + 52 + 16 s beside another job): 2 seconds per fuzz target from a fixed seed and an empty corpus,
# 2 kills of each soak job, 1 full-disk fault of each kind.
reliability-short: build
	rm -rf runs/fuzz-short
	FUZZ_SEED=1 FUZZ_DIR=runs/fuzz-short scripts/fuzz.sh 2
	CAIRN=.build/release/cairn scripts/soak_resume.sh 2
	CAIRN=.build/release/cairn scripts/storage_faults.sh 1
