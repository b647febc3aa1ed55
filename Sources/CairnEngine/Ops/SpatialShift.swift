/// A spatial shift with zero fill: y[n, c, i, j] = x[n, c, i + rows, j + columns] where that pixel exists, else 0.
///
/// For x [N, C, H, W] the output is [N, C, H, W]. DARTS's `FactorizedReduce` reads x[:, :, 1:, 1:]: with
/// `rows = columns = 1` and a stride-2 convolution after it, this samples the odd pixels, and an odd H or W keeps
/// the same output size as the unshifted branch. Runs in x's layout (plain, `nChw8c` or `nChw16c`; others are
/// converted to plain). Gradient: g shifted back by (−rows, −columns), zero where no output read the pixel.
/// Cost: one pass over the tensor.
public func spatialShift(_ x: Tensor, rows: Int, columns: Int) -> Tensor {
  precondition(x.shape.count == 4, "spatialShift input must be [N, C, H, W], shape is \(x.shape)")
  let output = SpatialShift.apply(x, rows: rows, columns: columns)
  return Tensor.record("spatial shift", output: output, inputs: [x]) { g in
    [
      SpatialShift.apply(
        g.converted(to: x.descriptor, shape: x.shape), rows: -rows, columns: -columns)
    ]
  }
}

enum SpatialShift {
  /// The shifted copy of x in x's layout (plain for a layout without plane-ordered channel blocks). Not tracked.
  static func apply(_ x: Tensor, rows: Int, columns: Int) -> Tensor {
    guard let block = x.descriptor.planeChannelBlock else {
      return apply(x.plain(), rows: rows, columns: columns)
    }
    let (height, width) = (x.shape[2], x.shape[3])
    let output = Tensor(descriptor: x.descriptor, shape: x.shape)
    let planes = x.descriptor.byteCount / (4 * height * width * block)
    // Output pixels whose source pixel exists; none when the shift is at least the image's size.
    let (firstRow, endRow) = (max(0, -rows), min(height, height - rows))
    let (firstColumn, endColumn) = (max(0, -columns), min(width, width - columns))
    guard firstRow < endRow, firstColumn < endColumn else { return output }
    let (targetRows, targetColumns) = (firstRow..<endRow, firstColumn..<endColumn)
    let count = targetColumns.count * block
    withExtendedLifetime(x) {
      let source = x.storage.floats
      let target = output.storage.floats
      for plane in 0..<planes {
        for row in targetRows {
          let to = ((plane * height + row) * width + targetColumns.lowerBound) * block
          let from =
            ((plane * height + row + rows) * width + targetColumns.lowerBound + columns) * block
          (target + to).update(from: source + from, count: count)
        }
      }
    }
    return output
  }
}
