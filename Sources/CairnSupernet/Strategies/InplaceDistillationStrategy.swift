import CairnCore
import CairnData
import CairnEngine
import CairnNetworks
import CairnTraining

/// In-place distillation with max-recover (`training.sampler: inplace-distillation`; the settings and the rule are
/// `SupernetConfiguration.Distillation`'s): the largest architecture learns from the labels and teaches the
/// students of the same step through its detached predictions.
struct InplaceDistillationStrategy<Binding: SupernetSpace>: SupernetStepStrategy {
  struct State: Codable {
    var samplerRandom: RandomStream
    /// Paths retrained by max-recover since the run started, and the paths looked at.
    var recovered = 0
    var looked = 0
  }

  let sampler: PathSampler<Binding.Space>
  let teacher: Architecture
  /// The sandwich rule's first student, when it is on.
  let smallest: Architecture?
  let settings: SupernetConfiguration.Distillation
  /// What the correction pass needs from the step before it (not saved: a checkpoint never falls between them).
  let pending = StepMemo<RecoveryStep>()

  /// The batch, the teacher's targets and the looked-at paths with their soft-CE before the optimizer step.
  struct RecoveryStep {
    var images: Tensor
    var targets: [Float]
    var look: [Architecture]
    var before: [Float]
  }

  func initialState(seed: UInt64) -> State {
    State(samplerRandom: RandomStream(seed: seed, name: "path sampler"))
  }

  func trainStep(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> (loss: Double, paths: [Architecture]) {
    let images = Tensor(shape: batch.shape, values: batch.images)
    let teacherLogits: Tensor
    let teacherLoss: Tensor
    if settings.teacherTrains {
      teacherLogits = network(images, architecture: teacher)
      teacherLoss = teacherLogits.softmaxCrossEntropy(labels: batch.labels)
      teacherLoss.backward()
    } else {
      teacherLogits = withoutGradients { network(images, architecture: teacher) }
      teacherLoss = teacherLogits.softmaxCrossEntropy(labels: batch.labels)
    }
    let targets = softTargets(teacherLogits)
    let look = (0..<settings.lookPaths).map { _ in sampler.draw(using: &state.samplerRandom) }
    let before = withoutGradients {
      look.map { softLoss(network(images, architecture: $0), targets).item }
    }
    var students = (0..<settings.students).map { _ in
      sampler.draw(using: &state.samplerRandom)
    }
    if let smallest { students[0] = smallest }
    var total = Double(teacherLoss.item)
    for student in students {
      let logits = network(images, architecture: student)
      let hard = logits.softmaxCrossEntropy(labels: batch.labels).scaled(by: settings.hardWeight)
      let loss = hard + softLoss(logits, targets).scaled(by: 1 - settings.hardWeight)
      total += Double(loss.item)
      loss.backward()
    }
    pending.set(RecoveryStep(images: images, targets: targets, look: look, before: before))
    return (total / Double(students.count + 1), [teacher] + students)
  }

  var correctsAfterStep: Bool { settings.maxRecover > 0 && settings.lookPaths > 0 }

  /// Max-recover: each looked-at path whose soft-CE rose in the step is trained on it again, up to
  /// `max_recover` of them.
  func correctionPass(
    _ network: Network, batch: Batch, at position: StepPosition, state: inout State
  ) throws -> Bool {
    guard let step = pending.take() else { return false }
    var recovered = 0
    for (path, before) in zip(step.look, step.before) where recovered < settings.maxRecover {
      let loss = softLoss(network(step.images, architecture: path), step.targets)
      if loss.item > before {
        loss.backward()
        recovered += 1
      }
    }
    state.looked += step.look.count
    state.recovered += recovered
    return recovered > 0
  }

  func describe(_ state: State, epoch: Int, into event: inout EpochEvent) {
    event.recoveredPaths = state.recovered
  }

  /// softmax(z / T) of the teacher's logits, detached.
  private func softTargets(_ logits: Tensor) -> [Float] {
    withoutGradients { logits.detached().scaled(by: 1 / settings.temperature).rowSoftmax() }
  }

  /// The soft cross-entropy of a student's logits at temperature T against the teacher's targets.
  private func softLoss(_ logits: Tensor, _ targets: [Float]) -> Tensor {
    let scaled = settings.temperature == 1 ? logits : logits.scaled(by: 1 / settings.temperature)
    return scaled.softCrossEntropy(targets: targets)
  }
}
