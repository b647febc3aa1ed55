/// What a step strategy keeps from its training step for a later pass of the same step (DARTS's unroll,
/// max-recover); never saved, since a checkpoint never falls between the two.
final class StepMemo<Value> {
  private var value: Value?

  func set(_ value: Value) { self.value = value }

  /// The kept value, left in place.
  func peek() -> Value? { value }

  /// The kept value, once.
  func take() -> Value? {
    defer { value = nil }
    return value
  }
}
