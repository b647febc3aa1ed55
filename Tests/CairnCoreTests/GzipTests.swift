#if canImport(CZlib)
  import CairnCore
  import Foundation
  import Testing

  @Suite struct GzipTests {
    func sampleData(count: Int) -> Data {
      var random = RandomStream(seed: 3, name: "gzip")
      // Half random bytes, half a repeating pattern, so the stream has both literals and matches.
      return Data(
        (0..<count).map { $0 % 2 == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8($0 % 7) })
    }

    @Test(arguments: [0, 1, 1000, 300_000])
    func roundTrip(count: Int) throws {
      let data = sampleData(count: count)
      let compressed = Gzip.compress(data)
      #expect(Gzip.isCompressed(compressed))
      #expect(try Gzip.decompress(compressed, path: "x.gz") == data)
    }

    @Test func concatenatedMembersAreDecodedInTurn() throws {
      let first = sampleData(count: 500)
      let second = Data("second member".utf8)
      let joined = Gzip.compress(first) + Gzip.compress(second)
      #expect(try Gzip.decompress(joined, path: "joined.gz") == first + second)
    }

    @Test func truncatedStreamIsRejected() {
      let compressed = Gzip.compress(sampleData(count: 5000))
      for cut in [1, 8, compressed.count / 2] {
        #expect {
          _ = try Gzip.decompress(compressed.dropLast(cut), path: "/data/cut.gz")
        } throws: { error in
          let message = (error as? CairnError)?.description ?? ""
          return message.hasPrefix("/data/cut.gz: ") && message.contains("truncated")
        }
      }
    }

    @Test func garbageIsRejected() {
      #expect {
        _ = try Gzip.decompress(Data("definitely not gzip".utf8), path: "/data/garbage.gz")
      } throws: { error in
        (error as? CairnError)?.description.hasPrefix("/data/garbage.gz: corrupt gzip stream")
          ?? false
      }
      #expect(throws: CairnError.self) { _ = try Gzip.decompress(Data(), path: "empty.gz") }
    }

    @Test func corruptedBodyAndTrailingBytesAreRejected() {
      var compressed = Gzip.compress(sampleData(count: 5000))
      let trailing = compressed + Data([1, 2, 3])
      #expect(throws: CairnError.self) { _ = try Gzip.decompress(trailing, path: "trailing.gz") }
      compressed[compressed.startIndex + 30] ^= 0xff
      #expect(throws: CairnError.self) { _ = try Gzip.decompress(compressed, path: "flipped.gz") }
    }

    @Test func compressionBombStopsAtTheLimit() throws {
      // 4 MB of zeros deflate to about 4 KB; with a 1 MB limit inflation stops instead of allocating it all.
      let bomb = Gzip.compress(Data(count: 4_000_000))
      #expect(bomb.count < 10_000)
      #expect {
        _ = try Gzip.decompress(bomb, path: "/data/bomb.gz", limit: 1_000_000)
      } throws: { error in
        (error as? CairnError)?.description
          == "/data/bomb.gz: inflates to more than 1000000 bytes, the largest accepted"
      }
      #expect(try Gzip.decompress(bomb, path: "bomb.gz", limit: 4_000_000).count == 4_000_000)
    }
  }
#endif
