#!/usr/bin/env python3
"""The script `lfs preprocess` is measured against (issue 21): a process pool, one process per core,
each reading a JPEG, fitting the similarity to the ArcFace 112x112 template from its 5 landmarks
(scikit-image SimilarityTransform), warping it (cv2.warpAffine, bilinear, border 0) and writing one
PNG per face (cv2.imwrite). Nothing else: no duplicates, identity split, pairs, shards or manifest.

  /usr/bin/python3 bench/preprocess_reference.py --input=DIR --landmarks=DIR/landmarks.txt --output=OUT

It prints one line: faces written, faces refused (unreadable image or landmarks), wall seconds. `lfs
bench scale` runs it on the same sets as `lfs preprocess` when Python with OpenCV is present.
"""
import argparse
import os
import sys
import time
from multiprocessing import Pool

import cv2
import numpy as np
from skimage.transform import SimilarityTransform

# io.lfsbeam.align.FaceTemplate.ARCFACE_112x112
ARCFACE_112 = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                        [41.5493, 92.3655], [70.7299, 92.2041]], dtype=np.float64)


def entries(landmarks_file):
    """(relative path, 5x2 landmarks) per line of an LFW-layout landmark file."""
    with open(landmarks_file, encoding="utf-8") as f:
        for line in f:
            t = line.strip()
            if t and not t.startswith("#"):
                fields = t.split("\t") if "\t" in t else t.split()
                yield fields[0], np.array([float(v) for v in fields[1:11]]).reshape(5, 2)


def align_one(job):
    src, dst, landmarks = job
    image = cv2.imread(src, cv2.IMREAD_COLOR)
    tform = SimilarityTransform()
    if image is None or not tform.estimate(landmarks, ARCFACE_112):
        return 0
    face = cv2.warpAffine(image, tform.params[0:2, :], (112, 112), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    return 1 if cv2.imwrite(dst, face) else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True, help="dataset folder (paths in the landmark file are relative to it)")
    p.add_argument("--landmarks", required=True, help="LFW-layout landmark file")
    p.add_argument("--output", required=True, help="folder for <relative path>.png")
    p.add_argument("--processes", type=int, default=os.cpu_count())
    a = p.parse_args()
    start = time.monotonic()
    cv2.setNumThreads(1)  # one process per core, as the script
    jobs = [(os.path.join(a.input, rel), os.path.join(a.output, rel + ".png"), pts)
            for rel, pts in entries(a.landmarks)]
    with Pool(a.processes) as pool:
        written = sum(pool.imap_unordered(align_one, jobs, chunksize=64))
    print(f"preprocess_reference: {written} faces written, {len(jobs) - written} refused, "
          f"{time.monotonic() - start:.2f} s wall, {a.processes} processes")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
