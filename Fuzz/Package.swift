// swift-tools-version: 6.0
// libFuzzer targets for every parser of outside input (docs/RELIABILITY.md). A package of its own so that the
// product's Package.swift needs no sanitizer flags: scripts/fuzz.sh builds it with `--sanitize fuzzer` (and
// address) and libFuzzer supplies the entry point.
import PackageDescription

let package = Package(
  name: "CairnFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "Cairn", path: "..")],
  targets: [
    .executableTarget(
      name: "cairn-fuzz",
      dependencies: [
        .product(name: "CairnCore", package: "Cairn"),
        .product(name: "CairnEngine", package: "Cairn"),
        .product(name: "CairnData", package: "Cairn"),
        .product(name: "CairnSpaces", package: "Cairn"),
        .product(name: "CairnBenchmarks", package: "Cairn"),
        .product(name: "CairnTraining", package: "Cairn"),
        .product(name: "CairnSupernet", package: "Cairn"),
        .product(name: "CairnExperiment", package: "Cairn"),
        .product(name: "CairnSearch", package: "Cairn"),
      ])
  ]
)
