#!/usr/bin/env python3
"""Python reference for `lfs bench --what=align`: the usual route to aligned faces,
OpenCV imdecode -> scikit-image SimilarityTransform.estimate -> cv2.warpAffine -> cv2.imencode('.png'),
on the same 250x250 JPEGs and landmarks.txt that the Java bench reads, single-threaded
(cv2.setNumThreads(1)). Time is this thread's CPU time, as in the Java bench, so the figures are
per core. Not part of CI.

  python3 bench/align_reference.py /path/to/faces/landmarks.txt [--iterations 1000]
  python3 bench/align_reference.py --compare /path/to/faces/landmarks.txt

With --compare it also reads the Java-aligned PNGs that `lfs bench align --facesDir=...` writes
under aligned/ and prints how far they are from this script's alignment of the same JPEGs
(mean and max absolute difference in grey levels). The two routes decode the JPEG with different
libraries (libjpeg-turbo here, the JDK's libjpeg there), which alone accounts for about a level.
"""
import argparse
import os
import platform
import sys
import time

import cv2
import numpy as np
import skimage
from skimage.transform import SimilarityTransform

# The ArcFace (InsightFace) 112x112 template, as io.lfsbeam.align.FaceTemplate.ARCFACE_112x112.
ARCFACE_112 = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                        [41.5493, 92.3655], [70.7299, 92.2041]], dtype=np.float64)


def landmark_entries(landmarks_file):
    """(relative path, 5x2 landmarks) for each line of a landmarks.txt."""
    with open(landmarks_file, encoding="utf-8") as f:
        for line in f:
            t = line.strip()
            if not t or t.startswith("#"):
                continue
            fields = t.split("\t") if "\t" in t else t.split()
            yield fields[0], np.array([float(v) for v in fields[1:11]], dtype=np.float64).reshape(5, 2)


def read_faces(landmarks_file):
    root = os.path.dirname(os.path.abspath(landmarks_file))
    faces = []
    for path, pts in landmark_entries(landmarks_file):
        with open(os.path.join(root, path), "rb") as img:
            faces.append((np.frombuffer(img.read(), dtype=np.uint8), pts))
    if not faces:
        sys.exit(f"no faces listed in {landmarks_file}")
    return faces


def align(image, landmarks):
    tform = SimilarityTransform()
    if not tform.estimate(landmarks, ARCFACE_112):
        raise ValueError("similarity estimate failed")
    return cv2.warpAffine(image, tform.params[0:2, :], (112, 112), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def compare(landmarks_file):
    """Mean / max absolute difference between the Java-aligned PNGs and this script's alignment."""
    root = os.path.dirname(os.path.abspath(landmarks_file))
    means, maxima, names = [], [], []
    for path, pts in landmark_entries(landmarks_file):
        ours = align(cv2.imread(os.path.join(root, path), cv2.IMREAD_COLOR), pts)
        java_png = os.path.join(root, "aligned", path + ".png")
        java = cv2.imread(java_png, cv2.IMREAD_COLOR)
        if java is None:
            sys.exit(f"missing {java_png}: run lfs bench align --facesDir={root} first")
        d = np.abs(ours.astype(np.int16) - java.astype(np.int16))
        means.append(d.mean())
        maxima.append(int(d.max()))
        names.append(path)
    worst = int(np.argmax(means))
    print(f"compare: {len(means)} faces, Java (decode + Umeyama + fixed-point warp) vs OpenCV imdecode + "
          f"scikit-image estimate + cv2.warpAffine")
    print(f"  mean |difference| per face: mean {np.mean(means):.2f}, worst {means[worst]:.2f} grey levels "
          f"({names[worst]}); largest single difference {max(maxima)}")


def rate(n, work):
    """Operations per CPU-second of this thread, after an untimed warm-up of the same length."""
    for i in range(n):
        work(i)
    t0 = time.thread_time()
    for i in range(n):
        work(i)
    return n / max(time.thread_time() - t0, 1e-9)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("landmarks", help="landmarks.txt next to the JPEG folders (lfs bench --facesDir=... writes one)")
    p.add_argument("--iterations", type=int, default=1000, help="faces timed per stage (after as many warm-up)")
    p.add_argument("--warp-iterations", type=int, default=5000)
    p.add_argument("--compare", action="store_true",
                   help="compare with the Java-aligned PNGs under aligned/ next to landmarks.txt")
    a = p.parse_args()
    cv2.setNumThreads(1)
    if a.compare:
        compare(a.landmarks)

    faces = read_faces(a.landmarks)
    n = len(faces)
    decoded = [cv2.imdecode(b, cv2.IMREAD_COLOR) for b, _ in faces]
    aligned = [align(img, pts) for img, (_, pts) in zip(decoded, faces)]

    def pipeline(i):
        b, pts = faces[i % n]
        ok, png = cv2.imencode(".png", align(cv2.imdecode(b, cv2.IMREAD_COLOR), pts))
        return len(png)

    full = rate(a.iterations, pipeline)
    dec = rate(a.iterations, lambda i: cv2.imdecode(faces[i % n][0], cv2.IMREAD_COLOR))
    ali = rate(a.iterations, lambda i: align(decoded[i % n], faces[i % n][1]))
    enc = rate(a.iterations, lambda i: cv2.imencode(".png", aligned[i % n]))
    # Warp alone on the Java WarpBenchmark's workload: random 250x250 source, scale 0.9, 0.1 rad, (-60, -50).
    src = np.random.default_rng(42).integers(0, 256, (250, 250, 3), dtype=np.uint8)
    c, s = 0.9 * np.cos(0.1), 0.9 * np.sin(0.1)
    m = np.array([[c, -s, -60.0], [s, c, -50.0]])
    warp = rate(a.warp_iterations, lambda i: cv2.warpAffine(src, m, (112, 112), flags=cv2.INTER_LINEAR,
                                                            borderMode=cv2.BORDER_CONSTANT, borderValue=0))

    print(f"machine: {os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
          f"OpenCV {cv2.__version__}, scikit-image {skimage.__version__}, cv2 threads {cv2.getNumThreads()}, "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"align (Python): {n} distinct 250x250 JPEG faces, {a.iterations} timed per stage, 1 thread (CPU time)")
    rows = [("imdecode + estimate + warpAffine + imencode", full), ("  cv2.imdecode", dec),
            ("  SimilarityTransform.estimate + cv2.warpAffine", ali), ("  cv2.imencode('.png')", enc),
            ("cv2.warpAffine alone 250x250 -> 112x112", warp)]
    width = max(len(r[0]) for r in rows)
    print(f"{'stage':<{width}}  {'per core /s':>11}  {'µs each':>8}")
    for label, r in rows:
        print(f"{label:<{width}}  {r:>11,.0f}  {1e6 / r:>8.1f}")


if __name__ == "__main__":
    main()
