import CairnSupernet

/// A seconds-long super-net configuration: 64 images, C = 4, N = 1, two epochs, a pool of 6.
func tinySupernetConfiguration(landmarks: Bool = true) -> SupernetConfiguration {
  var c = SupernetConfiguration()
  c.truth = "nb201:cifar10_test_acc_200ep"
  c.limit = 64
  c.seed = 5
  c.supernet.channels = 4
  c.supernet.cellsPerStage = 1
  c.training.epochs = 2
  c.training.batchSize = 16
  c.landmarks.enabled = landmarks
  c.landmarks.count = 4
  c.landmarks.schedule = .constant
  c.landmarks.weight = 1
  c.landmarks.warmupEpochs = 1
  c.evaluation.every = 1
  c.evaluation.poolSize = 6
  c.evaluation.scoringBatches = 1
  c.evaluation.topK = 3
  c.evaluation.bootstrap = 0
  return c
}
