import CairnBenchmarks
import CairnCore
import Foundation

extension BenchmarkBuild {
  /// The staging store of process `rank` of `count` (`<store>.rank-<rank>-of-<count>`), beside the plan's store.
  public func stagingStore(rank: Int, of count: Int) -> String {
    "\(plan.store).rank-\(rank)-of-\(count)"
  }

  /// Moves every row of the staging stores at `paths` (those that exist) into the plan's store, leaving out rows
  /// it already holds, in one transaction per staging store, and deletes each staging store after its rows are
  /// in; returns how many rows moved. A merge stopped half-way is finished by the next one.
  public func mergeStagingStores(_ paths: [String]) throws(CairnError) -> Int {
    let main = try ResultsStoreLocation.open(plan.store)
    let space = plan.training.space.rawValue
    let dataset = plan.training.dataset.rawValue
    var moved = 0
    for path in paths where FileManager.default.fileExists(atPath: path) {
      let rows = try ResultsStore(path: path).results(
        space: space, dataset: dataset, configHash: plan.protocolHash)
      let present = Set(
        try main.results(space: space, dataset: dataset, configHash: plan.protocolHash).map {
          "\($0.architecture) \($0.seed)"
        })
      let missing = rows.filter { !present.contains("\($0.architecture) \($0.seed)") }
      try main.record(contentsOf: missing)
      moved += missing.count
      for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }
    return moved
  }
}
