#!/usr/bin/env python3
"""PyTorch CPU reference for `lfs bench train`: the same improved-residual backbone as
io.lfsbeam.train.backbone (presets tiny / resnet20 / resnet50) plus a normalised CosFace head
(s = 32, m = 0.35), one SGD-momentum step per batch, batch 64, on random normalised images.

It prints images/s from the median wall time of the timed steps, and the process CPU seconds per
step (on a shared machine CPU time is the steadier figure). Not part of CI.

  python3 bench/train_reference.py --preset resnet20 --threads 2 --batch 64 --steps 5
"""
import argparse
import os
import platform
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    # name: (downscale, stem, widths, blocks, embedding)
    "tiny": (4, 16, (16, 32, 64), (1, 1, 1), 128),
    "resnet20": (1, 64, (64, 128, 256, 512), (1, 2, 4, 1), 512),
    "resnet50": (1, 64, (64, 128, 256, 512), (3, 4, 14, 3), 512),
}


class IRBlock(nn.Module):
    """BN - conv3x3 - BN - PReLU - conv3x3(stride) - BN, plus identity or 1x1-conv shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.residual = nn.Sequential(
            nn.BatchNorm2d(cin, eps=1e-5, momentum=0.1),
            nn.Conv2d(cin, cout, 3, 1, 1, bias=False),
            nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
            nn.PReLU(cout, init=0.25),
            nn.Conv2d(cout, cout, 3, stride, 1, bias=False),
            nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
        )
        if cin == cout:
            # identity, subsampled when strided (TF: a 1x1 average pool with stride)
            self.shortcut = nn.Identity() if stride == 1 else nn.AvgPool2d(1, stride)
        else:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return self.residual(x) + self.shortcut(x)


class Backbone(nn.Module):
    def __init__(self, preset, size=112):
        super().__init__()
        down, stem, widths, blocks, emb = PRESETS[preset]
        layers = [nn.AvgPool2d(down)] if down > 1 else []
        layers += [nn.Conv2d(3, stem, 3, 1, 1, bias=False), nn.BatchNorm2d(stem), nn.PReLU(stem, init=0.25)]
        cin = stem
        for w, n in zip(widths, blocks):
            for b in range(n):
                layers.append(IRBlock(cin, w, 2 if b == 0 else 1))
                cin = w
        layers.append(nn.BatchNorm2d(cin))
        self.body = nn.Sequential(*layers)
        final = size // down
        for _ in widths:
            final = (final + 1) // 2
        self.fc = nn.Linear(cin * final * final, emb, bias=False)
        self.emb_bn = nn.BatchNorm1d(emb)
        self.embedding_size = emb

    def forward(self, x):
        x = self.body(x)
        return self.emb_bn(self.fc(torch.flatten(x, 1)))


class CosFaceHead(nn.Module):
    def __init__(self, emb, classes, s=32.0, m=0.35):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(emb, classes) * 0.01)
        self.s, self.m = s, m

    def forward(self, x, labels):
        cos = F.normalize(x, dim=1) @ F.normalize(self.weight, dim=0)
        cos = cos.clamp(-1, 1)
        onehot = F.one_hot(labels, cos.shape[1]).to(cos.dtype)
        return F.cross_entropy(self.s * (cos - self.m * onehot), labels)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", default="resnet20", choices=sorted(PRESETS))
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch.set_num_threads; match the Java run")
    p.add_argument("--channels-last", action="store_true", help="NHWC memory format (as TensorFlow)")
    a = p.parse_args()

    torch.manual_seed(1)
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    model = Backbone(a.preset)
    head = CosFaceHead(model.embedding_size, a.classes)
    decayed = [q for n, q in model.named_parameters() if q.dim() > 1] + [head.weight]
    others = [q for n, q in model.named_parameters() if q.dim() <= 1]
    opt = torch.optim.SGD([{"params": decayed, "weight_decay": 1e-4}, {"params": others, "weight_decay": 0}],
                          lr=0.01, momentum=0.9)
    x = torch.rand(a.batch, 3, 112, 112) * 2 - 1
    y = torch.randint(0, a.classes, (a.batch,))
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    model.train()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = head(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    walls, cpus = [], []
    for _ in range(a.steps):
        w0, c0 = time.perf_counter(), time.process_time()
        loss = step()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    med = statistics.median(walls)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    params = sum(q.numel() for q in model.parameters()) + head.weight.numel()
    print(f"machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
          f"torch {torch.__version__}, threads {a.threads}, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{'preset':<10} {'batch':>5} {'params':>12} {'step s':>8} {'images/s':>9} {'cpu s/step':>10} {'peak RSS':>9}")
    print(f"{a.preset:<10} {a.batch:>5} {params:>12,} {med:>8.2f} {a.batch / med:>9.2f} {statistics.median(cpus):>10.2f} "
          f"{peak:>6,.0f} MB   (loss {loss:.3f})")


if __name__ == "__main__":
    sys.exit(main())
