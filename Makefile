# The two commands of the README: `make demo` (set up, build, run the main job) and `make test`.
.PHONY: demo test setup build

setup:
	./scripts/setup.sh

build: setup
	swift build -c release --product cairn

# The main job on built-in data: train a strong NB201 cell on Fashion-MNIST for one epoch.
demo: build
	.build/release/cairn doctor
	.build/release/cairn train --arch 6111 --dataset fashion-mnist --channels 16 --cells 1 --epochs 1 \
		--batch-size 128 --run-dir runs/demo-train

test: setup
	swift test
