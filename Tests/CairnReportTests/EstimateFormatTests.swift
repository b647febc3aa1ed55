import CairnRanking
import Testing

@testable import CairnReport

@Suite struct EstimateFormatTests {
  @Test func meanAndDeviation() {
    #expect(EstimateFormat.meanAndDeviation(0.71234, 0.02131, digits: 4) == "0.7123 ± 0.0213")
    #expect(EstimateFormat.meanAndDeviation(92.5, nil, digits: 3) == "92.500")
    #expect(EstimateFormat.meanAndDeviation(nil, 0.1, digits: 3) == "n/a")
    #expect(EstimateFormat.meanAndDeviation(.nan, 0.1, digits: 3) == "n/a")
    #expect(EstimateFormat.meanAndDeviation(-0.00001, 0, digits: 2) == "0.00 ± 0.00")
  }

  @Test func intervals() {
    #expect(EstimateFormat.interval(0.65, 0.77, digits: 4) == "[0.6500, 0.7700]")
    #expect(EstimateFormat.interval(-0.7, 0.30012, digits: 4) == "[-0.7000, 0.3001]")
    #expect(EstimateFormat.interval(nil, 0.5, digits: 4) == "n/a")
    #expect(EstimateFormat.interval(0.5, .infinity, digits: 4) == "n/a")
  }

  @Test func digitsPerUnit() {
    #expect(EstimateFormat.digits(for: .coefficient) == 4)
    #expect(EstimateFormat.digits(for: .accuracy) == 3)
    #expect(EstimateFormat.digits(for: .rank) == 1)
    #expect(EstimateFormat.number(3, digits: 1) == "3.0")
  }
}
