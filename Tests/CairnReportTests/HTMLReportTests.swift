import CairnCore
import Foundation
import Testing

@testable import CairnReport

@Suite struct HTMLReportTests {
  static func sample() -> HTMLReport {
    var report = HTMLReport(title: "NB201 <landmarks> & baseline")
    report.addMetadata("command", "cairn rank runs/a --pool \"stratified:100\"")
    report.addMetadata("seeds", "0, 1, 2")
    var ranking = HTMLReport.Section("Ranking")
    ranking.add(.paragraph("Scores of 4 architectures; \"quoted\" & <tagged>."))
    ranking.add(
      .plot(
        ScatterPlot(
          title: "score vs truth",
          series: [ScatterSeries(name: "pool", x: [90, 91, 92], y: [0.1, 0.3, 0.2])]),
        caption: "One dot per architecture"))
    ranking.add(.preformatted("metric  value\n<tau>   0.5\n"))
    report.add(ranking)
    var training = HTMLReport.Section("Training & arms")
    training.add(.subheading("Curves"))
    training.add(.plot(LineChart(series: [LineSeries(name: "a", x: [1, 2], y: [0.2, 0.4])])))
    training.add(
      .table(
        ReportTable(
          header: ["arm", "KdT"], rows: [["a<b", "0.5"]], alignments: [.leading, .trailing])))
    training.add(.definitions([HTMLReport.Entry(key: "λ", value: "0.5")]))
    report.add(training)
    return report
  }

  @Test func reportIsWellFormedAndHoldsSectionsAndCharts() throws {
    let html = Self.sample().html()
    #expect(
      html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">"))
    _ = try XMLCheck.parse(html)
    #expect(try XMLCheck.count("section", in: html) == 2)
    #expect(try XMLCheck.count("svg", in: html) == 2)
    #expect(try XMLCheck.count("figure", in: html) == 2)
    #expect(try XMLCheck.count("figcaption", in: html) == 1)
    #expect(try XMLCheck.count("table", in: html) == 1)
    #expect(try XMLCheck.texts(of: "h2", in: html) == ["Ranking", "Training & arms"])
    #expect(try XMLCheck.texts(of: "h1", in: html) == ["NB201 <landmarks> & baseline"])
    #expect(try XMLCheck.attribute("href", of: "a", in: html) == ["#section-1", "#section-2"])
    #expect(try XMLCheck.attribute("id", of: "section", in: html) == ["section-1", "section-2"])
    #expect(try XMLCheck.texts(of: "dt", in: html) == ["command", "seeds", "λ"])
    #expect(
      try XMLCheck.texts(of: "dd", in: html).first == "cairn rank runs/a --pool \"stratified:100\"")
    #expect(try XMLCheck.texts(of: "pre", in: html) == ["metric  value\n<tau>   0.5\n"])
    #expect(try XMLCheck.count("style", in: html) == 1)
  }

  @Test func textIsEscapedAndNothingExternalIsReferenced() {
    let html = Self.sample().html()
    #expect(html.contains("<title>NB201 &lt;landmarks&gt; &amp; baseline</title>"))
    #expect(html.contains("&quot;quoted&quot; &amp; &lt;tagged&gt;."))
    #expect(!html.contains("<script"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("src="))
    // The only addresses are the XHTML and SVG namespace names.
    #expect(!html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http"))
  }

  @Test func figuresAreInsertedByteForByteAndPreformattedTextKeepsALeadingLineFeed() throws {
    let svg = ScatterPlot(
      series: [ScatterSeries(name: "a", x: [1], y: [2], labels: ["two\n  lines"])]
    ).svg()
    var section = HTMLReport.Section("s")
    section.add(.figure(svg: svg, caption: nil))
    section.add(.preformatted("\nafter a blank line"))
    var report = HTMLReport(title: "t")
    report.add(section)
    let html = report.html()
    #expect(html.contains(svg))
    #expect(html.contains("<pre>\n\nafter a blank line</pre>"))
    _ = try XMLCheck.parse(html)
  }

  @Test func aSingleSectionHasNoContentsList() throws {
    var report = HTMLReport(title: "t")
    report.add(HTMLReport.Section("only"))
    let html = report.html()
    #expect(try XMLCheck.count("nav", in: html) == 0)
    #expect(try XMLCheck.count("dl", in: html) == 0)
    #expect(try XMLCheck.count("section", in: html) == 1)
  }

  @Test func writesAtomicallyAndDeterministically() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("cairn-report-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("run/report.html")
    let report = Self.sample()
    try report.write(to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == report.html())
    #expect(Self.sample().html() == report.html())
    let leftovers = try FileManager.default.contentsOfDirectory(
      atPath: url.deletingLastPathComponent().path)
    #expect(leftovers == ["report.html"])
  }
}
