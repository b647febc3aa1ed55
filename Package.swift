// swift-tools-version: 6.0
// Cairn: weight-sharing neural architecture search with super-net rankings you can trust.
import PackageDescription

let package = Package(
  name: "Cairn",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "CairnEngine", targets: ["CairnEngine"]),
    .library(name: "CairnData", targets: ["CairnData"]),
    .library(name: "CairnSpaces", targets: ["CairnSpaces"]),
    .library(name: "CairnRanking", targets: ["CairnRanking"]),
    .executable(name: "cairn", targets: ["cairn"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // oneDNN 2.6 from Debian's libdnnl-dev: headers in /usr/include, library in the multiarch dir.
    .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
    // The one C helper Swift needs: the DNNL_MEMORY_ALLOCATE macro value and OpenMP thread control.
    .target(name: "CDNNLShim", linkerSettings: [.linkedLibrary("gomp")]),
    // Seeded random streams, atomic file writes, small shared utilities. Depends on nothing.
    .target(name: "CairnCore"),
    .target(name: "CairnEngine", dependencies: ["CDNNL", "CDNNLShim", "CairnCore"]),
    .target(name: "CairnData", dependencies: ["CairnCore"]),
    .target(name: "CairnSpaces", dependencies: ["CairnCore"]),
    .target(name: "CairnRanking", dependencies: ["CairnCore"]),
    .target(name: "CairnTestSupport", dependencies: ["CairnEngine"]),
    .executableTarget(
      name: "cairn",
      dependencies: [
        "CairnEngine", "CairnData", "CairnSpaces", "CairnRanking",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "CairnCoreTests", dependencies: ["CairnCore"]),
    .testTarget(
      name: "CairnEngineTests", dependencies: ["CairnEngine", "CairnTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "CairnDataTests", dependencies: ["CairnData"]),
    .testTarget(name: "CairnSpacesTests", dependencies: ["CairnSpaces"]),
    .testTarget(name: "CairnRankingTests", dependencies: ["CairnRanking"], resources: [.copy("Fixtures")]),
  ]
)
