extension BenchmarkMetric {
  /// The metrics of the NAS-Bench-201 table, in its column order (see `Resources/nasbench201/README.md`).
  public static let nb201: [BenchmarkMetric] = [
    .init(
      name: "cifar10_test_acc_200ep", unit: .percent,
      meaning: "CIFAR-10 test accuracy after 200 epochs on train+valid, mean over seeds"),
    .init(
      name: "cifar100_test_acc_200ep", unit: .percent,
      meaning: "CIFAR-100 x-test accuracy after 200 epochs, mean over seeds"),
    .init(
      name: "imagenet16_120_test_acc_200ep", unit: .percent,
      meaning: "ImageNet16-120 x-test accuracy after 200 epochs, mean over seeds"),
    .init(
      name: "cifar10_test_acc_12ep", unit: .percent,
      meaning: "CIFAR-10 test accuracy after the 12-epoch schedule"),
    .init(
      name: "cifar10valid_val_acc_12ep", unit: .percent,
      meaning: "cifar10-valid x-valid accuracy after the 12-epoch schedule"),
    .init(
      name: "cifar100_test_acc_12ep", unit: .percent,
      meaning: "CIFAR-100 x-test accuracy after the 12-epoch schedule"),
    .init(
      name: "cifar100_val_acc_12ep", unit: .percent,
      meaning: "CIFAR-100 x-valid accuracy after the 12-epoch schedule"),
    .init(
      name: "imagenet16_120_test_acc_12ep", unit: .percent,
      meaning: "ImageNet16-120 x-test accuracy after the 12-epoch schedule"),
    .init(
      name: "imagenet16_120_val_acc_12ep", unit: .percent,
      meaning: "ImageNet16-120 x-valid accuracy after the 12-epoch schedule"),
    .init(
      name: "params_cifar10", unit: .count,
      meaning: "trainable parameters of the CIFAR-10 network (10 classes)"),
    .init(
      name: "flops_cifar10", unit: .count,
      meaning: "FLOPs (multiply-accumulates) of the CIFAR-10 network on a 32x32 image"),
    .init(
      name: "params_cifar100", unit: .count,
      meaning: "trainable parameters of the CIFAR-100 network (100 classes)"),
    .init(
      name: "flops_cifar100", unit: .count,
      meaning: "FLOPs (multiply-accumulates) of the CIFAR-100 network on a 32x32 image"),
    .init(
      name: "params_imagenet16_120", unit: .count,
      meaning: "trainable parameters of the ImageNet16-120 network (120 classes)"),
    .init(
      name: "flops_imagenet16_120", unit: .count,
      meaning: "FLOPs (multiply-accumulates) of the ImageNet16-120 network on a 16x16 image"),
  ]

  /// The metrics of the NAS-Bench-101 subset, in its column order (see `Resources/nasbench101/README.md`).
  ///
  /// Each value comes from one training run (one of the benchmark's three repeats), not their mean.
  public static let nb101: [BenchmarkMetric] = [
    .init(
      name: "val_acc_108", unit: .fraction,
      meaning: "CIFAR-10 validation accuracy after 108 epochs, one run"),
    .init(
      name: "val_acc_36", unit: .fraction,
      meaning: "CIFAR-10 validation accuracy after 36 epochs, one run"),
    .init(
      name: "val_acc_12", unit: .fraction,
      meaning: "CIFAR-10 validation accuracy after 12 epochs, one run"),
    .init(
      name: "val_acc_4", unit: .fraction,
      meaning: "CIFAR-10 validation accuracy after 4 epochs, one run"),
    .init(name: "params", unit: .count, meaning: "trainable parameters"),
    .init(
      name: "train_time_108_s", unit: .seconds,
      meaning: "training time of the 108-epoch run in seconds"),
  ]
}
