import CairnBenchmarks
import CairnCore
import CairnRanking
import CairnReport
import CairnSpaces
import CairnSupernet
import Foundation

/// The outcome of an experiment: the comparison of its arms over seeds, and the report built from its cells.
public struct ExperimentSummary: Sendable {
  public var plan: ExperimentPlan
  public var results: [ExperimentCellResult]
  /// Final ranking metrics of every arm over its seeds.
  public var comparison: ComparisonTable

  /// The per-epoch metrics of metrics.jsonl drawn over training, with their display names.
  static let curves: [(key: String, name: String)] = [
    ("sparse_kendall_tau", "Sparse Kendall tau (landmark authors)"),
    ("kendall_tau", "Kendall tau-b"),
    ("spearman", "Spearman rho"), ("precision_at_k", "Precision@K"),
  ]

  public init(plan: ExperimentPlan, results: [ExperimentCellResult]) throws(CairnError) {
    self.plan = plan
    self.results = results
    comparison = try ComparisonTable(
      arms: plan.arms.map { arm in
        ComparisonTable.Arm(
          name: arm.name,
          reports: results.filter { $0.cell.arm == arm.name }.map(\.result.report))
      },
      bootstrap: plan.bootstrap > 0 ? Bootstrap(resamples: plan.bootstrap, seed: 0) : nil)
  }

  /// The cells of one arm, in seed order.
  func results(of arm: String) -> [ExperimentCellResult] {
    results.filter { $0.cell.arm == arm }
  }

  /// Writes comparison.md, comparison.csv and report.html into `directory`.
  public func write(to directory: URL, wallSeconds: Double) throws(CairnError) {
    try AtomicFile.write(
      comparison.markdown(), to: directory.appendingPathComponent("comparison.md"))
    try AtomicFile.write(comparison.csv(), to: directory.appendingPathComponent("comparison.csv"))
    try report(wallSeconds: wallSeconds).write(to: directory.appendingPathComponent("report.html"))
  }

  /// The HTML report: settings, the comparison table, metrics over training, and super-net score against
  /// ground truth for each arm.
  public func report(wallSeconds: Double) -> HTMLReport {
    var report = HTMLReport(title: "Cairn experiment: \(plan.name)")
    let first = plan.arms[0].configuration
    report.addMetadata("Ground truth", first.truth ?? "")
    report.addMetadata("Seeds", plan.seeds.map(String.init).joined(separator: ", "))
    report.addMetadata("Arms", plan.arms.map(\.name).joined(separator: ", "))
    report.addMetadata(
      "Dataset", "\(first.dataset.rawValue)\(first.limit.map { " (first \($0) images)" } ?? "")")
    let training = results.compactMap(\.result.seconds).reduce(0, +)
    report.addMetadata(
      "Time",
      String(
        format: "%.0f s training in all; %.0f s wall time of this invocation", training, wallSeconds
      ))
    report.addMetadata("Cairn", CairnVersion.current)

    var comparisonSection = HTMLReport.Section("Ranking quality at the end of training")
    comparisonSection.add(
      .paragraph(
        "Each arm's final ranking of its evaluation pool against ground truth: mean ± sample standard deviation over "
          + "seeds, and a bootstrap interval of the mean over seeds (a single seed shows its own interval over "
          + "architectures)."))
    comparisonSection.add(.comparison(comparison))
    report.add(comparisonSection)

    var curves = HTMLReport.Section("Ranking quality over training")
    curves.add(
      .paragraph(
        "Each line is an arm's mean over its seeds; the band spans the seeds' minimum to maximum."))
    for (key, name) in Self.curves {
      let series = plan.arms.map { arm in
        LineSeries(
          name: arm.name,
          summarizing: results(of: arm.name).map { cell in
            cell.events.compactMap { event in
              guard let epoch = event["epoch"], let value = event[key] else { return nil }
              return PlotPoint(x: epoch, y: value)
            }
          })
      }
      curves.add(.plot(LineChart(title: name, xLabel: "epoch", yLabel: name, series: series)))
    }
    let losses = plan.arms.flatMap { arm in
      (arm.configuration.landmarks.enabled ? ["train_loss", "landmark_loss"] : ["train_loss"]).map {
        key in
        LineSeries(
          name: "\(arm.name) \(key == "train_loss" ? "task" : "landmark")",
          summarizing: results(of: arm.name).map { cell in
            cell.events.compactMap { event in
              guard let epoch = event["epoch"], let value = event[key] else { return nil }
              return PlotPoint(x: epoch, y: value)
            }
          })
      }
    }
    curves.add(
      .plot(
        LineChart(
          title: "Training losses", xLabel: "epoch", yLabel: "mean loss per step", series: losses)))
    report.add(curves)

    var scatter = HTMLReport.Section("Super-net score against ground truth")
    scatter.add(
      .paragraph(
        "One point per architecture of the evaluation pool, for each arm's first seed: ground truth (x) against "
          + "the super-net's accuracy on the scoring batches (y). A trustworthy super-net puts them on a rising line."
      ))
    for arm in plan.arms {
      guard let cell = results(of: arm.name).first else { continue }
      let points = zip(cell.result.truth, cell.result.scores).map {
        PlotPoint(x: $0, y: 100 * $1.accuracy, label: $1.architecture)
      }
      scatter.add(
        .plot(
          ScatterPlot(
            title: "\(arm.name), seed \(cell.cell.seed)",
            xLabel: "ground truth (\(first.truth ?? ""))",
            yLabel: "super-net accuracy (%)",
            series: [ScatterSeries(name: "evaluation pool", points: points)]),
          caption: String(
            format:
              "Kendall tau-b %.3f, sparse Kendall tau %.3f, Spearman rho %.3f over %d architectures.",
            cell.result.report.kendallTau.value ?? .nan,
            cell.result.report.sparseKendallTauLandmarkAuthors.value ?? .nan,
            cell.result.report.spearmanRho.value ?? .nan, points.count)))
    }
    report.add(scatter)

    let derived = results.filter { $0.result.derivedArchitecture != nil }
    if !derived.isEmpty {
      var gdas = HTMLReport.Section("Architectures found by differentiable search")
      gdas.add(
        .paragraph(
          "The architecture of the largest α on every decision at the end of training (GDAS, DARTS, "
            + "tri-level), its ground truth, its skip connections and parameter-free operations, and "
            + "the run's training time."))
      gdas.add(.table(derivedTable(derived)))
      report.add(gdas)
    }
    if let weights = architectureWeightsSection() { report.add(weights) }

    var settings = HTMLReport.Section("Settings")
    for arm in plan.arms {
      settings.add(.subheading(arm.name))
      settings.add(.preformatted(Self.describe(arm.configuration)))
    }
    report.add(settings)
    return report
  }

  /// Arm, seed, derived architecture, its ground truth (when the configured truth knows it), its skip connections
  /// and parameter-free operations, and the training time of differentiable-search cells.
  func derivedTable(_ cells: [ExperimentCellResult]) -> ReportTable {
    var table = ReportTable(
      header: [
        "Arm", "Seed", "Architecture", "Ground truth", "Skips", "Parameter-free", "Seconds",
      ],
      rows: [],
      alignments: [.leading, .trailing, .leading, .trailing, .trailing, .trailing, .trailing])
    for cell in cells {
      let result = cell.result
      let census = result.derivedCensus
      let text = result.derivedArchitecture ?? ""
      // Results written before derivedTruth was kept: look it up.
      let truth =
        result.derivedTruth
        ?? cell.cell.configuration.truth.flatMap {
          try? GroundTruth(parsing: $0).value(forArchitecture: text)
        }
      table.append([
        cell.cell.arm, "\(cell.cell.seed)", text, truth.map { String(format: "%.2f", $0) } ?? "",
        census.map { "\($0.skipConnections)" } ?? "",
        census.map { "\($0.parameterFree)/\($0.operations)" } ?? "",
        result.seconds.map { String(format: "%.0f", $0) } ?? "",
      ])
    }
    return table
  }

  /// softmax(α) of every operation decision over training, for each DARTS or tri-level arm's first seed; nil
  /// when no arm logged architecture weights.
  func architectureWeightsSection() -> HTMLReport.Section? {
    var section = HTMLReport.Section("Architecture weights over training")
    section.add(
      .paragraph(
        "softmax(α) of each operation decision at the end of every epoch, for each arm's first seed: "
          + "a collapse shows as the parameter-free options taking over."))
    var any = false
    for arm in plan.arms {
      guard let cell = results(of: arm.name).first,
        cell.events.contains(where: { $0["architecture_weights.0.0"] != nil })
      else { continue }
      any = true
      section.add(.subheading(arm.name))
      let decisions = SupernetRegistry.decisions(of: cell.cell.configuration)
      for (row, decision) in decisions.enumerated() where decision.kind == .operation {
        let series = (0..<decision.size).map { option in
          LineSeries(
            name: decision.optionName(option),
            summarizing: [
              cell.events.compactMap { event in
                guard let epoch = event["epoch"],
                  let value = event["architecture_weights.\(row).\(option)"]
                else { return nil }
                return PlotPoint(x: epoch, y: value)
              }
            ])
        }
        section.add(
          .plot(
            LineChart(
              title: decision.name, xLabel: "epoch", yLabel: "softmax(α)", series: series)))
      }
    }
    return any ? section : nil
  }

  /// The configuration as pretty-printed JSON with sorted snake_case keys.
  static func describe(_ configuration: SupernetConfiguration) -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }
}
