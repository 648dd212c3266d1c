#!/usr/bin/env python3
"""Reads an insightface pack the way arcface_torch's MXFaceDataset does, without MXNet.

RecordIO as dmlc-core reads it (magic, lrec = flag << 29 | length, parts joined with the magic put
back, 4-byte padding), mx.recordio.unpack's '<IfQQ' header with flag > 0 label arrays, record 0
deciding which keys are faces, and cv2.imdecode for the images. Prints the layout and the faces per
class; with --compare OTHER, checks that both packs hold the same decoded faces in each class.

  /usr/bin/python3 bench/read_pack.py PACK_DIR [--compare OTHER_PACK_DIR]
"""
import argparse
import hashlib
import struct
import sys
from collections import defaultdict

import cv2
import numpy as np

MAGIC = 0xCED7230A


def read_record(f, offset):
    f.seek(offset)
    out = b""
    while True:
        magic, lrec = struct.unpack("<II", f.read(8))
        if magic != MAGIC:
            raise ValueError("invalid RecordIO at byte %d" % f.tell())
        cflag, length = lrec >> 29, lrec & ((1 << 29) - 1)
        out += f.read((length + 3) & ~3)[:length]
        if cflag in (0, 3):
            return out
        out += struct.pack("<I", MAGIC)


def unpack(s):
    flag, label, id1, id2 = struct.unpack("<IfQQ", s[:24])
    s = s[24:]
    if flag > 0:
        label = np.frombuffer(s, np.float32, flag)
        s = s[flag * 4:]
    return flag, label, s


def read_pack(d):
    idx = {}
    with open(d + "/train.idx") as f:
        for line in f:
            k, o = line.strip().split("\t")
            idx[int(k)] = int(o)
    faces = defaultdict(list)
    shapes = set()
    with open(d + "/train.rec", "rb") as f:
        flag, label, _ = unpack(read_record(f, idx[0]))
        if flag > 0:
            keys = range(1, int(label[0]))
            print("%s: record 0 flag %d, faces 1..%d, identities %d..%d"
                  % (d, flag, int(label[0]) - 1, int(label[0]), int(label[1]) - 1))
        else:
            keys = sorted(idx)
            print("%s: record 0 flag 0, every key a face" % d)
        for k in keys:
            flag, label, img = unpack(read_record(f, idx[k]))
            cls = int(label if flag == 0 else label[0])
            pixels = cv2.imdecode(np.frombuffer(img, np.uint8), cv2.IMREAD_COLOR)
            shapes.add(pixels.shape)
            faces[cls].append(hashlib.sha256(pixels.tobytes()).hexdigest())
    print("  %d faces in %d classes, sizes %s" % (sum(map(len, faces.values())), len(faces),
          sorted(shapes)))
    return {c: sorted(v) for c, v in faces.items()}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("pack")
    p.add_argument("--compare")
    a = p.parse_args()
    faces = read_pack(a.pack)
    if a.compare:
        other = read_pack(a.compare)
        same = faces == other
        print("same decoded faces in every class:", same)
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
