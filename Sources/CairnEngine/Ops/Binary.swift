import CDNNL

/// oneDNN binary primitives (element-wise a ∘ b), with b's layout matched to a's or broadcast from a scalar.
enum Binary {
  enum Kind: String {
    case add, sub, mul
    var algorithm: dnnl_alg_kind_t {
      switch self {
      case .add: return dnnl_binary_add
      case .sub: return dnnl_binary_sub
      case .mul: return dnnl_binary_mul
      }
    }
  }

  /// dst = a ∘ b with a, b and dst all in `descriptor`, or b broadcast from `secondDescriptor`.
  static func primitive(
    _ kind: Kind, _ descriptor: MemoryDescriptor, second secondDescriptor: MemoryDescriptor? = nil
  ) -> Primitive {
    let second = secondDescriptor ?? descriptor
    return PrimitiveCache.primitive("binary \(kind) \(descriptor.key) \(second.key)") {
      var op = dnnl_binary_desc_t()
      var a = descriptor.raw
      var b = second.raw
      var c = descriptor.raw
      check(dnnl_binary_desc_init(&op, kind.algorithm, &a, &b, &c), "binary \(kind) descriptor")
      return Primitive(operation: &op, context: "binary \(kind)")
    }
  }

  /// a ∘ b for same-shape tensors, in a's layout. Not tracked.
  static func apply(_ kind: Kind, _ a: Tensor, _ b: Tensor) -> Tensor {
    let second = b.converted(to: a.descriptor, shape: a.shape)
    let output = Tensor.output(a.descriptor, shape: a.shape)
    primitive(kind, a.descriptor).execute([
      (DNNL_ARG_SRC_0, a), (DNNL_ARG_SRC_1, second), (DNNL_ARG_DST, output),
    ])
    return output
  }

  /// a ∘ s for a one-element tensor s broadcast over a, in a's layout. Not tracked.
  ///
  /// oneDNN 2.6 runs a scalar broadcast over a blocked tensor with its reference kernel (tens of ms for a
  /// batch), so when s is the operation's identity (1 for mul, 0 for add) — every forward of GDAS's
  /// straight-through weights — the result shares a's storage instead.
  static func broadcast(_ kind: Kind, _ a: Tensor, scalar: Tensor) -> Tensor {
    let identity: Float = kind == .mul ? 1 : 0
    if kind != .sub && scalar.item == identity {
      return Tensor(descriptor: a.descriptor, shape: a.shape, storage: a.storage)
    }
    // A product runs over the whole buffer, blocked padding included (zeros stay zeros): a vectorised loop
    // instead of the reference kernel, which dominated DARTS's mixed steps (about 50 ms a call).
    if kind == .mul { return scaledBuffer(a, by: scalar.item) }
    let ones = [Int](repeating: 1, count: a.descriptor.dims.count)
    let broadcast = Tensor(descriptor: .plain(ones), shape: ones, storage: scalar.plain().storage)
    let output = Tensor.output(a.descriptor, shape: a.shape)
    primitive(kind, a.descriptor, second: broadcast.descriptor).execute([
      (DNNL_ARG_SRC_0, a), (DNNL_ARG_SRC_1, broadcast), (DNNL_ARG_DST, output),
    ])
    return output
  }

  /// a · s over a's whole storage buffer, in a's layout. Not tracked.
  static func scaledBuffer(_ a: Tensor, by s: Float) -> Tensor {
    let output = Tensor.output(a.descriptor, shape: a.shape)
    let count = a.descriptor.byteCount / MemoryLayout<Float>.stride
    let source = a.storage.floats
    let destination = output.storage.floats
    for i in 0..<count { destination[i] = source[i] * s }
    return output
  }

  /// a · s for a one-element tensor s broadcast over a. Not tracked.
  static func scale(_ a: Tensor, by scalar: Tensor) -> Tensor { broadcast(.mul, a, scalar: scalar) }

  /// a + s for a one-element tensor s broadcast over a. Not tracked.
  static func add(_ a: Tensor, scalar: Tensor) -> Tensor { broadcast(.add, a, scalar: scalar) }

  /// a · s for a constant s. Not tracked.
  static func scale(_ a: Tensor, by scalar: Float) -> Tensor {
    scale(a, by: Tensor(scalar: scalar))
  }
}

extension Tensor {
  /// Element-wise sum of two tensors of the same shape. Gradient: (g, g).
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    precondition(a.shape == b.shape, "cannot add shapes \(a.shape) and \(b.shape)")
    let output = Binary.apply(.add, a, b)
    return record("add", output: output, inputs: [a, b]) { g in [g, g] }
  }

  /// Element-wise difference. Gradient: (g, −g).
  public static func - (a: Tensor, b: Tensor) -> Tensor {
    precondition(a.shape == b.shape, "cannot subtract shapes \(a.shape) and \(b.shape)")
    let output = Binary.apply(.sub, a, b)
    return record("sub", output: output, inputs: [a, b]) { g in [g, Binary.scale(g, by: -1)] }
  }

  /// Element-wise product. Gradient: (g·b, g·a).
  public static func * (a: Tensor, b: Tensor) -> Tensor {
    precondition(a.shape == b.shape, "cannot multiply shapes \(a.shape) and \(b.shape)")
    let output = Binary.apply(.mul, a, b)
    return record("mul", output: output, inputs: [a, b]) { g in
      [
        a.requiresGrad ? Binary.apply(.mul, g.converted(to: b.descriptor, shape: b.shape), b) : nil,
        b.requiresGrad ? Binary.apply(.mul, g.converted(to: a.descriptor, shape: a.shape), a) : nil,
      ]
    }
  }

  /// Multiplies every element by a constant. Gradient: g·s.
  public func scaled(by scalar: Float) -> Tensor {
    let output = Binary.scale(self, by: scalar)
    return Tensor.record("scale", output: output, inputs: [self]) { g in
      [Binary.scale(g, by: scalar)]
    }
  }

  /// Multiplies every element by a differentiable one-element weight w (as differentiable NAS mixes candidate ops).
  ///
  /// Gradients: dx = w·g, dw = Σ x ⊙ g.
  public func scaled(by weight: Tensor) -> Tensor {
    precondition(
      weight.elementCount == 1, "scaling weight must have one element, shape is \(weight.shape)")
    let output = Binary.scale(self, by: weight)
    return Tensor.record("scale by weight", output: output, inputs: [self, weight]) { g in
      let gx = self.requiresGrad ? Binary.scale(g, by: weight) : nil
      var gw: Tensor?
      if weight.requiresGrad {
        let product = Binary.apply(.mul, self, g.converted(to: self.descriptor, shape: self.shape))
        gw = Tensor(shape: weight.shape, values: [Float(Reduction.plainSum(product))])
      }
      return [gx, gw]
    }
  }

  /// Adds a differentiable one-element tensor b to every element (GDAS's straight-through terms).
  ///
  /// Gradients: dx = g, db = Σ g.
  public func shifted(by bias: Tensor) -> Tensor {
    precondition(
      bias.elementCount == 1, "the added tensor must have one element, shape is \(bias.shape)")
    let output = Binary.add(self, scalar: bias)
    return Tensor.record("add scalar", output: output, inputs: [self, bias]) { g in
      [
        self.requiresGrad ? g : nil,
        bias.requiresGrad ? Tensor(shape: bias.shape, values: [Float(Reduction.plainSum(g))]) : nil,
      ]
    }
  }

  /// A tensor of zeros shaped like `other` (the NAS "none" op). Carries no gradient.
  public static func zeros(like other: Tensor) -> Tensor {
    Tensor(descriptor: other.descriptor, shape: other.shape)
  }
}
