import Testing

@testable import CairnReport

@Suite struct MarkupTests {
  @Test func escapesMarkupCharacters() {
    #expect(
      Markup.escaped(#"a < b & "c" > 'd'"#) == "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;")
    #expect(Markup.escaped("&amp;") == "&amp;amp;")
    #expect(Markup.escaped("λ=0.5 ± 0.1") == "λ=0.5 ± 0.1")
  }

  @Test func dropsControlCharactersXMLForbids() throws {
    let text = "bell\u{07} nul\u{00} tab\t line\n"
    #expect(Markup.escaped(text) == "bell nul tab\t line\n")
    _ = try XMLCheck.parse("<p>\(Markup.escaped(text))</p>")
  }

  @Test func fixedPointNumbers() {
    #expect(FixedPoint.fixed(0.5, digits: 3) == "0.500")
    #expect(FixedPoint.fixed(-0.0001, digits: 2) == "0.00")
    #expect(FixedPoint.fixed(-1.5, digits: 0) == "-2")
    #expect(FixedPoint.compact(12.5) == "12.5")
    #expect(FixedPoint.compact(12.0) == "12")
    #expect(FixedPoint.compact(-0.001) == "0")
    #expect(FixedPoint.compact(100) == "100")
    #expect(FixedPoint.compact(1.0 / 3) == "0.33")
    #expect(FixedPoint.significant(-1e-30 * 0, digits: 3) == "0")
    #expect(FixedPoint.significant(2.5e9, digits: 2) == "2.5e+09")
  }
}
