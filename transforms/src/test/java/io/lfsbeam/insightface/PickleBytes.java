package io.lfsbeam.insightface;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembled pickles for the tests: opcodes and their arguments, byte by byte. */
final class PickleBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static PickleBytes proto(int protocol) {
    return new PickleBytes().op(PickleOpcode.PROTO).u8(protocol);
  }

  PickleBytes op(PickleOpcode op) {
    out.write(op.code);
    return this;
  }

  PickleBytes u8(int v) {
    out.write(v);
    return this;
  }

  PickleBytes u32(long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  PickleBytes u64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  PickleBytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  PickleBytes ascii(String s) {
    return raw(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** SHORT_BINBYTES or BINBYTES. */
  PickleBytes bytes(byte[] b) {
    return b.length < 256
        ? op(PickleOpcode.SHORT_BINBYTES).u8(b.length).raw(b)
        : op(PickleOpcode.BINBYTES).u32(b.length).raw(b);
  }

  /** SHORT_BINSTRING or BINSTRING (Python 2). */
  PickleBytes string(byte[] b) {
    return b.length < 256
        ? op(PickleOpcode.SHORT_BINSTRING).u8(b.length).raw(b)
        : op(PickleOpcode.BINSTRING).u32(b.length).raw(b);
  }

  /** ([images...], [flags...]) as (MARK, APPENDS) lists and TUPLE2, then STOP. */
  static PickleBytes binTuple(int protocol, byte[][] images, boolean[] same) {
    PickleBytes p = proto(protocol).op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.MARK);
    for (byte[] img : images) {
      p.bytes(img);
    }
    p.op(PickleOpcode.APPENDS).op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.MARK);
    for (boolean s : same) {
      p.op(s ? PickleOpcode.NEWTRUE : PickleOpcode.NEWFALSE);
    }
    return p.op(PickleOpcode.APPENDS).op(PickleOpcode.TUPLE2).op(PickleOpcode.STOP);
  }

  byte[] toBytes() {
    return out.toByteArray();
  }
}
