"""The PyTorch side of Cairn's NB201 benchmarks (driven by bench/compare.py).

Same workloads, arguments and JSON line as `cairn-bench nb201`:
    nb201_bench.py CASE --layout nchw|cl --batch B --threads T --steps S --warmup W --archs FILE [--pool P]
                   [--precision fp32|bf16]
CASE is step (super-net single-path training step), landmark (the step plus a landmark pair on a second batch),
pool (forward only over P architectures) or standalone (one architecture's own N = 1 network).

The super-net is written the way a careful PyTorch user would: only the sampled ops run, a `none` edge adds
nothing, and batch norm is affine without running statistics (the landmark code's NB201 super-net).
"""
import argparse
import json
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

OPS = ("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3")


def parse_architecture(text):
    """'|op~0|+|op~0|op~1|+|op~0|op~1|op~2|' -> six op names in NB201's edge order (1<-0, 2<-0, 2<-1, ...)."""
    ops = []
    for node in text.strip().split("+"):
        for token in filter(None, node.split("|")):
            name, _ = token.split("~")
            if name not in OPS:
                raise ValueError(f"unknown op {name!r} in {text!r}")
            ops.append(name)
    if len(ops) != 6:
        raise ValueError(f"{text!r} does not have six edges")
    return ops


class ReLUConvBN(nn.Sequential):
    def __init__(self, cin, cout, kernel, stride, padding, track):
        super().__init__(
            nn.ReLU(inplace=False),
            nn.Conv2d(cin, cout, kernel, stride, padding, bias=False),
            nn.BatchNorm2d(cout, affine=True, track_running_stats=track),
        )


class Edge(nn.Module):
    """The convolutional candidates of one edge; pooling, skip and none need no weights."""

    def __init__(self, channels, candidates, track):
        super().__init__()
        self.ops = nn.ModuleDict()
        if "nor_conv_1x1" in candidates:
            self.ops["nor_conv_1x1"] = ReLUConvBN(channels, channels, 1, 1, 0, track)
        if "nor_conv_3x3" in candidates:
            self.ops["nor_conv_3x3"] = ReLUConvBN(channels, channels, 3, 1, 1, track)

    def forward(self, x, op):
        if op == "none":
            return None
        if op == "skip_connect":
            return x
        if op == "avg_pool_3x3":
            return F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
        return self.ops[op](x)


class Cell(nn.Module):
    def __init__(self, channels, candidates, track):
        super().__init__()
        self.edges = nn.ModuleList(Edge(channels, c, track) for c in candidates)

    def forward(self, x, ops):
        nodes = [x]
        edge = 0
        for node in range(1, 4):
            total = None
            for source in range(node):
                y = self.edges[edge](nodes[source], ops[edge])
                edge += 1
                if y is not None:
                    total = y if total is None else total + y
            nodes.append(torch.zeros_like(x) if total is None else total)
        return nodes[3]


class ResNetBasicBlock(nn.Module):
    def __init__(self, cin, cout, track):
        super().__init__()
        self.a = ReLUConvBN(cin, cout, 3, 2, 1, track)
        self.b = ReLUConvBN(cout, cout, 3, 1, 1, track)
        self.shortcut = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.b(self.a(x)) + self.shortcut(x)


class NB201(nn.Module):
    """NB201's skeleton; `candidates` lists each edge's ops (all five for the super-net, one for stand-alone)."""

    def __init__(self, candidates, channels=16, cells=5, classes=10, track=False):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(channels, track_running_stats=track),
        )
        layers = []
        for stage, width in enumerate((channels, 2 * channels, 4 * channels)):
            if stage > 0:
                layers.append(ResNetBasicBlock(width // 2, width, track))
            layers.extend(Cell(width, candidates, track) for _ in range(cells))
        self.layers = nn.ModuleList(layers)
        self.head = nn.BatchNorm2d(4 * channels, track_running_stats=track)
        self.classifier = nn.Linear(4 * channels, classes)

    def forward(self, x, ops):
        x = self.stem(x)
        for layer in self.layers:
            x = layer(x, ops) if isinstance(layer, Cell) else layer(x)
        x = F.relu(self.head(x))
        return self.classifier(F.adaptive_avg_pool2d(x, 1).flatten(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=("step", "landmark", "pool", "standalone"))
    parser.add_argument("--layout", choices=("nchw", "cl"), default="nchw")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--pool", type=int, default=200)
    parser.add_argument("--archs", required=True)
    parser.add_argument(
        "--precision", choices=("fp32", "bf16"), default="fp32",
        help="bf16: the forward passes under torch.autocast (bf16 convolutions), PyTorch's mixed precision",
    )
    args = parser.parse_args()
    autocast = lambda: torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bf16")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with open(args.archs) as f:
        architectures = [parse_architecture(line) for line in f if line.strip()]
    memory = torch.channels_last if args.layout == "cl" else torch.contiguous_format

    generator = torch.Generator().manual_seed(0)
    data = []
    for _ in range(4):
        images = torch.randn(args.batch, 3, 32, 32, generator=generator)
        labels = torch.randint(0, 10, (args.batch,), generator=generator)
        data.append((images.contiguous(memory_format=memory), labels))

    if args.case == "standalone":
        fixed = architectures[0]
        model = NB201([[op] for op in fixed], cells=1, track=True)
    else:
        model = NB201([OPS] * 6)
    model = model.to(memory_format=memory).train()
    parameters = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.SGD(
        model.parameters(), lr=0.025, momentum=0.9, weight_decay=5e-4, nesterov=True
    )

    def arch(position):
        return architectures[position % len(architectures)]

    def train_step(step):
        optimizer.zero_grad(set_to_none=True)
        images, labels = data[step % len(data)]
        position = 3 * step if args.case == "landmark" else step
        ops = architectures[0] if args.case == "standalone" else arch(position)
        with autocast():
            loss = F.cross_entropy(model(images, ops), labels)
            if args.case == "landmark":
                images, labels = data[(step + 1) % len(data)]
                worse = F.cross_entropy(model(images, arch(position + 1)), labels)
                better = F.cross_entropy(model(images, arch(position + 2)), labels)
                loss = loss + F.relu(better - worse)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()

    def pool_pass():
        for position in range(args.pool):
            model(data[position % len(data)][0], arch(position)).argmax(1)

    times = []
    if args.case == "pool":
        with torch.no_grad(), autocast():
            for position in range(args.warmup):
                model(data[0][0], arch(position)).argmax(1)
            for _ in range(args.steps):
                start = time.perf_counter()
                pool_pass()
                times.append(time.perf_counter() - start)
    else:
        for step in range(args.warmup + args.steps):
            start = time.perf_counter()
            train_step(step)
            if step >= args.warmup:
                times.append(time.perf_counter() - start)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "impl": f"pytorch-{args.layout}" + ("-bf16" if args.precision == "bf16" else ""),
                "case": args.case,
                "batch": args.batch,
                "threads": torch.get_num_threads(),
                "times": times,
                "parameters": parameters,
                "peak_rss_mb": peak,
                "median_ms": statistics.median(times) * 1e3,
                "torch": torch.__version__,
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
