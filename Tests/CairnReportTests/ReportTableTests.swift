import Testing

@testable import CairnReport

@Suite struct ReportTableTests {
  static let table = ReportTable(
    header: ["metric", "value"], rows: [["tau", "0.50"], ["P@10", "1.0"]],
    alignments: [.leading, .trailing])

  @Test func markdownIsPaddedAndAligned() {
    #expect(
      Self.table.markdown() == """
        | metric | value |
        | :----- | ----: |
        | tau    |  0.50 |
        | P@10   |   1.0 |

        """)
  }

  @Test func markdownEscapesPipesAndLineBreaksAndCentres() {
    let table = ReportTable(
      header: ["a", "b"], rows: [["|op~0|", "x\ny"]], alignments: [.center, .leading])
    #expect(
      table.markdown() == """
        | a        | b      |
        | :------: | :----- |
        | \\|op~0\\| | x<br>y |

        """)
  }

  @Test func shortRowsArePadded() {
    var table = ReportTable(header: ["a"], rows: [["1", "2"], []])
    #expect(table.header == ["a", ""])
    #expect(table.rows == [["1", "2"], ["", ""]])
    table.append(["3", "4", "5"])
    #expect(table.rows.last == ["3", "4"])
    #expect(table.alignments == [.leading, .leading])
  }

  @Test func csvQuotesOnlyWhatNeedsQuoting() {
    let table = ReportTable(
      header: ["arch", "score"],
      rows: [
        ["|nor_conv_3x3~0|+|skip_connect~0|none~1|", "0.5"],
        ["a,b", "say \"hi\""],
        ["line\nbreak", " padded "],
        ["", "-1"],
      ])
    #expect(
      table.csv() == """
        arch,score
        |nor_conv_3x3~0|+|skip_connect~0|none~1|,0.5
        "a,b","say ""hi\"""
        "line
        break"," padded "
        ,-1

        """)
    #expect(ReportTable.csvField("plain") == "plain")
    #expect(ReportTable.csvField("\r\n") == "\"\r\n\"")
  }

  @Test func htmlIsWellFormedEscapedAndAligned() throws {
    let table = ReportTable(
      header: ["metric", "value <%>"], rows: [["a & b", "0.5"]], alignments: [.leading, .trailing],
      caption: "Ranking \"figures\"")
    let html = table.html()
    _ = try XMLCheck.parse(html)
    #expect(try XMLCheck.texts(of: "caption", in: html) == ["Ranking \"figures\""])
    #expect(try XMLCheck.texts(of: "th", in: html) == ["metric", "value <%>"])
    #expect(try XMLCheck.texts(of: "td", in: html) == ["a & b", "0.5"])
    #expect(try XMLCheck.count("td", className: "num", in: html) == 1)
    #expect(html.contains("<td>a &amp; b</td>"))
  }
}
