import CairnCore
import CairnData
import CairnEngine
import CairnNetworks

/// The tri-level method's architecture gradient through its auxiliary model (Sheth & Xie, ICLR 2023). Only the
/// paper's abstract could be read, so the approximations are Cairn's, after the same group's DARTS-style
/// "learning by teaching": one-step unrolls and finite-difference Hessian-vector products.
///
/// The auxiliary model V learns L_aux(V, α) = CE(V; train) + λ·L_QRS(V's features, the main model's features
/// under α; train), which depends on α only through the main model's features (its weights held as they are).
/// The architecture's second objective, L_val(V′), is taken at one unrolled step
/// V′ = V − ξ(∇V L_aux(V, α) + λ_wd·V); its gradient is −ξ·∇²_{α,V} L_aux(V, α)·∇V′ L_val(V′), the
/// Hessian-vector product by central differences at V ± ε·∇V′ L_val(V′), ε = 0.01/‖∇V′ L_val(V′)‖, as DARTS
/// computes its own. L_QRS must differentiate the main model's features (the `soft` form): the sign-target forms
/// never reach α. Every call restores V's weights and clears every gradient it made.
struct TriLevelHypergradient {
  /// The main model's forward pass with every decision mixed.
  let main: (Tensor, OperationMixture) -> FeatureOutputs
  /// The main model's weights (their gradients are cleared, never used).
  let mainParameters: [Tensor]
  /// V's forward pass.
  let auxiliary: (Tensor) -> FeatureOutputs
  /// V's weights.
  let auxiliaryParameters: [Tensor]
  let similarity: QuadrupleRelativeSimilarity
  /// λ, the weight of L_QRS in V's loss.
  let transferWeight: Double

  /// L_aux(V, α) on `batch`, recorded for V's gradient only (the main model's features are constant), and its
  /// L_QRS part. `quadruples` is copied, so every call on one step draws the same quadruples.
  func auxiliaryLoss(on batch: Batch, alpha: [[Double]], quadruples: RandomStream) -> (
    loss: Tensor, transfer: Double
  ) {
    let images = Tensor(shape: batch.shape, values: batch.images)
    let mixture = OperationMixture(alpha.map(GDASArchitecture.softmax), differentiable: false)
    let mainFeatures = withoutGradients { main(images, mixture).features }
    var random = quadruples
    let outputs = auxiliary(images)
    let transfer = similarity.loss(
      auxiliary: outputs.features, main: mainFeatures, random: &random)
    let loss =
      outputs.logits.softmaxCrossEntropy(labels: batch.labels)
      + transfer.scaled(by: Float(transferWeight))
    return (loss, Double(transfer.item))
  }

  /// ∇V L_aux(V, α) on `batch` (see `auxiliaryLoss`), the loss and its L_QRS part; V's gradients are cleared.
  func auxiliaryGradient(on batch: Batch, alpha: [[Double]], quadruples: RandomStream) -> (
    gradient: [[Float]], loss: Double, transfer: Double
  ) {
    let (loss, transfer) = auxiliaryLoss(on: batch, alpha: alpha, quadruples: quadruples)
    loss.backward()
    return (auxiliaryParameters.takeGradients(), Double(loss.item), transfer)
  }

  /// ∇α L_aux(V, α) on `batch` at the current V (V's features constant): λ·∇α L_QRS.
  func transferAlphaGradient(on batch: Batch, alpha: [[Double]], quadruples: RandomStream)
    -> [[Double]]
  {
    let images = Tensor(shape: batch.shape, values: batch.images)
    let probabilities = alpha.map(GDASArchitecture.softmax)
    let mixture = OperationMixture(probabilities, differentiable: true)
    let auxiliaryFeatures = withoutGradients { auxiliary(images).features }
    var random = quadruples
    let loss = similarity.loss(
      auxiliary: auxiliaryFeatures, main: main(images, mixture).features, random: &random)
    guard loss.requiresGrad else { return alpha.map { $0.map { _ in 0 } } }
    loss.scaled(by: Float(transferWeight)).backward()
    for parameter in mainParameters + auxiliaryParameters { parameter.grad = nil }
    return DARTSHypergradient.alphaGradient(probabilities: probabilities, mixture: mixture)
  }

  /// ∇α L_val(V′(α)) through V's unrolled step of learning rate `xi` and weight decay `weightDecay` on `train`,
  /// and L_val(V′) on `validation`.
  func hypergradient(
    train: Batch, validation: Batch, alpha: [[Double]], xi: Double, weightDecay: Double,
    quadruples: RandomStream
  ) -> (gradient: [[Double]], loss: Double) {
    let v = auxiliaryParameters.values
    defer { auxiliaryParameters.set(v) }
    let step = auxiliaryGradient(on: train, alpha: alpha, quadruples: quadruples).gradient
    auxiliaryParameters.set(
      DARTSHypergradient.unrolled(v, gradient: step, xi: xi, weightDecay: weightDecay))
    let validationLoss = auxiliary(Tensor(shape: validation.shape, values: validation.images))
      .logits.softmaxCrossEntropy(labels: validation.labels)
    validationLoss.backward()
    let direction = auxiliaryParameters.takeGradients()
    let product = DARTSHypergradient.mixedProduct(
      at: v, along: direction, set: auxiliaryParameters.set
    ) { transferAlphaGradient(on: train, alpha: alpha, quadruples: quadruples) }
    let zero = alpha.map { $0.map { _ in 0.0 } }
    return (
      product.map { $0.map { row in row.map { -xi * $0 } } } ?? zero, Double(validationLoss.item)
    )
  }
}
