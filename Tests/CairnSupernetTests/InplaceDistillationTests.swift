import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnSpaces
import Foundation
import Testing

@testable import CairnSupernet
@testable import CairnTraining

/// In-place distillation on the width super-net: the step's gradient is the stated loss (teacher detached), and
/// max-recover retrains exactly the looked-at paths whose soft-CE rose.
@Suite struct InplaceDistillationTests {
  let space = WidthSpace()

  func network(seed: UInt64 = 1) -> WidthNetwork {
    var random = RandomStream(seed: seed)
    return WidthNetwork(shape: .supernet(), batchNorm: .supernet, random: &random)
  }

  func batch(seed: UInt64 = 2) -> Batch {
    var pixels = RandomStream(seed: seed)
    return Batch(
      images: (0..<(4 * 3 * 8 * 8)).map { _ in Float(pixels.normal()) }, labels: [0, 3, 5, 9],
      shape: [4, 3, 8, 8])
  }

  func strategy(
    student: WidthArchitecture, settings: SupernetConfiguration.Distillation
  ) throws -> InplaceDistillationStrategy<WidthSupernet> {
    InplaceDistillationStrategy(
      sampler: try PathSampler(law: .uniform, space: space, candidates: [student]),
      teacher: space.widest, smallest: nil, settings: settings)
  }

  func gradients(_ network: WidthNetwork) -> [Float] {
    network.namedParameters().flatMap {
      $0.1.grad?.toArray() ?? [Float](repeating: 0, count: $0.1.elementCount)
    }
  }

  @Test func theStepsGradientIsTheStatedLoss() throws {
    let student = try space.parse("8-4-12-8-16-4-8-12-28-4-20-16-32-8-36-52-4-64-20")
    var settings = SupernetConfiguration.Distillation()
    settings.students = 1
    settings.lookPaths = 0
    settings.maxRecover = 0
    settings.hardWeight = 0.3
    settings.temperature = 2
    let b = batch()
    let images = Tensor(shape: b.shape, values: b.images)

    let trained = network()
    let s = try strategy(student: student, settings: settings)
    var state = s.initialState(seed: 4)
    let (_, paths) = try s.trainStep(
      trained, batch: b, at: StepPosition(epoch: 0, step: 0, stepsPerEpoch: 1, epochs: 1),
      state: &state)
    #expect(paths == [space.widest, student])
    #expect(!s.correctsAfterStep)

    // The same loss written out: CE(teacher) + h·CE(student) + (1 − h)·softCE(student / T, softmax(teacher / T)),
    // the teacher's probabilities taken as constants.
    let manual = network()
    let teacherLogits = manual(images, architecture: space.widest)
    teacherLogits.softmaxCrossEntropy(labels: b.labels).backward()
    let targets = teacherLogits.toArray()  // detached by reading the values
    let t = Tensor(shape: teacherLogits.shape, values: targets.map { $0 / 2 }).rowSoftmax()
    let logits = manual(images, architecture: student)
    let loss =
      logits.softmaxCrossEntropy(labels: b.labels).scaled(by: 0.3)
      + logits.scaled(by: 0.5).softCrossEntropy(targets: t).scaled(by: 0.7)
    loss.backward()
    let expected = gradients(manual)
    let actual = gradients(trained)
    let error = zip(expected, actual).map { abs($0 - $1) }.max() ?? 0
    #expect(error < 1e-4, "max |Δ gradient| \(error)")
  }

  /// A frozen teacher (stages 3 and 4) gives the targets only: with hard_weight 0 the step's gradient is the
  /// student's soft cross-entropy alone.
  @Test func aFrozenTeacherOnlyGivesTargets() throws {
    let student = try space.parse("8-4-12-8-16-4-8-12-28-4-20-16-32-8-36-52-4-64-20")
    var settings = SupernetConfiguration.Distillation()
    settings.students = 1
    settings.lookPaths = 0
    settings.maxRecover = 0
    settings.hardWeight = 0
    settings.teacherTrains = false
    let b = batch()
    let images = Tensor(shape: b.shape, values: b.images)
    let trained = network()
    let s = try strategy(student: student, settings: settings)
    var state = s.initialState(seed: 4)
    _ = try s.trainStep(
      trained, batch: b, at: StepPosition(epoch: 0, step: 0, stepsPerEpoch: 1, epochs: 1),
      state: &state)
    let manual = network()
    let targets = withoutGradients { manual(images, architecture: space.widest).rowSoftmax() }
    manual(images, architecture: student).softCrossEntropy(targets: targets).backward()
    let error = zip(gradients(manual), gradients(trained)).map { abs($0 - $1) }.max() ?? 0
    #expect(error < 1e-5, "max |Δ gradient| \(error)")
    // The stem filters the student does not use (it uses 8 of 16) get no gradient.
    let stem = try #require(trained.stem.branches[0].conv.weight.grad).toArray()
    #expect(stem[(8 * 27)...].allSatisfy { $0 == 0 } && stem[..<(8 * 27)].contains { $0 != 0 })
  }

  @Test func maxRecoverRetrainsThePathsWhoseLossRose() throws {
    var settings = SupernetConfiguration.Distillation()
    settings.students = 1
    settings.lookPaths = 4
    settings.maxRecover = 2
    let network = network()
    let s = InplaceDistillationStrategy<WidthSupernet>(
      sampler: try PathSampler(law: .uniform, space: space), teacher: space.widest, smallest: nil,
      settings: settings)
    #expect(s.correctsAfterStep)
    var state = s.initialState(seed: 6)
    let b = batch()
    let position = StepPosition(epoch: 0, step: 0, stepsPerEpoch: 1, epochs: 1)
    _ = try s.trainStep(network, batch: b, at: position, state: &state)
    let step = try #require(s.pending.peek())
    #expect(step.look.count == 4 && step.before.count == 4)

    // Without a weight change no loss rises: no correction.
    for (_, p) in network.namedParameters() { p.grad = nil }
    #expect(try s.correctionPass(network, batch: b, at: position, state: &state) == false)
    #expect(state.looked == 4 && state.recovered == 0)

    // Move every weight at random: some losses rise. The pass trains the first two that did, and only them.
    _ = try s.trainStep(network, batch: b, at: position, state: &state)
    var random = RandomStream(seed: 7)
    for (_, p) in network.namedParameters() {
      p.withMutableValues { values in
        for i in 0..<values.count { values[i] += 0.05 * Float(random.normal()) }
      }
      p.grad = nil
    }
    let pending = try #require(s.pending.peek())
    let now = withoutGradients {
      pending.look.map {
        network(pending.images, architecture: $0).softCrossEntropy(targets: pending.targets).item
      }
    }
    let risen = zip(now, pending.before).enumerated().filter { $0.element.0 > $0.element.1 }.map(
      \.offset)
    #expect(!risen.isEmpty)
    #expect(try s.correctionPass(network, batch: b, at: position, state: &state))
    #expect(state.recovered == min(2, risen.count))
    let actual = gradients(network)
    for (_, p) in network.namedParameters() { p.grad = nil }
    for index in risen.prefix(2) {
      network(pending.images, architecture: pending.look[index])
        .softCrossEntropy(targets: pending.targets).backward()
    }
    let expected = gradients(network)
    let error = zip(expected, actual).map { abs($0 - $1) }.max() ?? 0
    #expect(error < 1e-4, "max |Δ gradient| \(error)")
    #expect(s.pending.peek() == nil)
  }

  @Test func optionsAreCheckedWhereTheyEnter() {
    var c = SupernetConfiguration()
    c.truth = "nb201:cifar10_test_acc_200ep"
    c.distillation.students = 2
    #expect(throws: Never.self) { try c.validate() }  // read, unused by uniform
    c.training.sampler = .inplaceDistillation
    c.distillation.maxRecover = 9
    #expect {
      try c.validate()
    } throws: { error in
      (error as? CairnError)?.description.contains("distillation.max_recover") == true
    }
    c.distillation.maxRecover = 2
    #expect(throws: Never.self) { try c.validate() }
    // NB201 has no largest architecture: the run says so when it starts.
    #expect(NB201Supernet.largest(for: c) == nil)
    #expect(WidthSupernet.largest(for: c) == WidthSpace().widest)
    #expect(WidthSupernet.smallest(for: c) == WidthSpace().narrowest)
  }
}
