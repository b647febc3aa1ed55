import CairnCore
import Testing

/// Names that become run directories cannot leave `runs/`.
@Suite struct RunNameTests {
  @Test(arguments: ["supernet", "exp/arm/seed-0", "a-b_c.d", "recipe+gdas"])
  func relativeNamesPass(name: String) {
    #expect(throws: Never.self) { try RunName.check(name, key: "name") }
  }

  @Test(arguments: ["", "..", "../x", "a/../../b", "/tmp/x", "a//b", "a/./b", "a/", "a\\b", "a\0b"])
  func escapingNamesAreRefused(name: String) {
    #expect {
      try RunName.check(name, key: "name")
    } throws: { error in
      (error as? CairnError)?.description.contains("must be a relative name") == true
    }
  }
}
