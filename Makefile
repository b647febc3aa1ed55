# The two commands of the README: `make demo` (set up, build, run the main job) and `make test`.
.PHONY: demo test setup build study-smoke install soak fuzz

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

# Kill-and-resume soak (docs/RELIABILITY.md): KILLS SIGKILLs at random moments per run; each resumed run must end
# with the uninterrupted run's checkpoint tensors and scores, byte for byte.
KILLS ?= 10
soak: build
	CAIRN=.build/release/cairn scripts/soak_resume.sh $(KILLS)

# Fuzzes every parser of outside input with libFuzzer and address sanitizer (docs/RELIABILITY.md): each target
# until 1,000,000 executions or FUZZ_SECONDS seconds; findings stop it with exit 1.
FUZZ_SECONDS ?= 600
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)
