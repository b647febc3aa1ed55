import CairnCore
import Foundation
import Testing

@testable import CairnData

@Suite struct DatasetLocatorTests {
  @Test func embeddedCIFAR10PrefixLoads() throws {
    let location = try DatasetLocator.locate(.cifar10, environment: [:])
    #expect(location.origin == .builtIn)
    let splits = try DatasetLocator.load(.cifar10, environment: [:])
    #expect(splits.train.count == 5_438)
    #expect(splits.test.count == 1_017)
    #expect(splits.train.classNames == DatasetName.cifar10.classNames)
    // Known CIFAR-10 orders (see the README): test cat, ship, ship, airplane, frog; train frog, truck, truck, deer.
    #expect(Array(splits.test.labels.prefix(5)) == [3, 8, 8, 0, 6])
    #expect(Array(splits.train.labels.prefix(4)) == [6, 9, 9, 4])
    #expect(splits.test.classCounts() == [105, 93, 100, 104, 92, 87, 114, 102, 110, 110])
    let readme = location.directory.appendingPathComponent("README.md")
    #expect(FileManager.default.fileExists(atPath: readme.path))
  }

  @Test func explicitDirectoryHoldingTheFilesOrASubdirectory() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try writeCIFAR10(to: root.appendingPathComponent("cifar-10-batches-bin"), recordsPerFile: 2)
    let nested = try DatasetLocator.locate(.cifar10, explicit: root.path, environment: [:])
    #expect(
      nested
        == DataLocation(
          directory: root.appendingPathComponent("cifar-10-batches-bin"),
          origin: .dataDirectoryOption))
    let flat = try DatasetLocator.load(.cifar10, explicit: nested.directory.path, environment: [:])
    #expect(flat.train.count == 10 && flat.test.count == 2)
    expectError(root.path + ": holds no CIFAR-100 files", "cifar-100-binary/") {
      _ = try DatasetLocator.locate(.cifar100, explicit: root.path, environment: [:])
    }
    expectError("/no/such/place: data directory does not exist") {
      _ = try DatasetLocator.load(.cifar10, explicit: "/no/such/place", environment: [:])
    }
  }

  @Test func environmentRootFallsBackToDefaultsForDatasetsItLacks() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let cifar100 = root.appendingPathComponent("cifar-100")
    try FileManager.default.createDirectory(at: cifar100, withIntermediateDirectories: true)
    for name in ["train.bin", "test.bin"] {
      try Data(cifarRecord(labels: [1, 42]) { _ in 0 }).write(
        to: cifar100.appendingPathComponent(name))
    }
    let environment = [DatasetLocator.environmentVariable: root.path]
    let found = try DatasetLocator.locate(.cifar100, environment: environment)
    #expect(found == DataLocation(directory: cifar100, origin: .environment))
    #expect(try DatasetLocator.load(.cifar100, environment: environment).test.labels == [42])
    #expect(try DatasetLocator.locate(.cifar10, environment: environment).origin == .builtIn)
    // An explicit directory wins over the environment.
    expectError("holds no CIFAR-100 files") {
      _ = try DatasetLocator.locate(
        .cifar100, explicit: NSTemporaryDirectory(), environment: environment)
    }
    expectError("/no/such/root: CAIRN_DATA_DIR names no existing directory") {
      _ = try DatasetLocator.locate(
        .cifar10, environment: [DatasetLocator.environmentVariable: "/no/such/root"])
    }
  }

  @Test func cifar100HasNoDefault() {
    expectError("CIFAR-100 has no built-in copy", "--data-dir") {
      _ = try DatasetLocator.load(.cifar100, environment: [:])
    }
  }

  @Test func availabilityReportsCountsAndProblems() {
    let rows = DatasetLocator.availability(environment: [:])
    #expect(rows.map(\.dataset) == DatasetName.allCases)
    let cifar10 = rows[0]
    #expect(cifar10.isAvailable && cifar10.trainCount == 5_438 && cifar10.testCount == 1_017)
    #expect(
      cifar10.status.contains("5438 train / 1017 test images")
        && cifar10.status.contains("prefix subset"))
    #expect(!rows[1].isAvailable && rows[1].status.contains("--data-dir"))
    #expect(rows[2].isAvailable == fashionMNISTInstalled)
  }
}
