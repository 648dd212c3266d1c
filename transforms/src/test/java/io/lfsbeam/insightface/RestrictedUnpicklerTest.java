package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restricted unpickler on hand-assembled pickles: what it accepts, and that everything that
 * could run code or outgrow the file is refused at its byte with one line.
 */
class RestrictedUnpicklerTest {
  @TempDir Path tmp;

  static Object load(byte[] pickle) throws IOException {
    return new RestrictedUnpickler(new ByteArrayInputStream(pickle), pickle.length, "t.bin").load();
  }

  static String refusal(byte[] pickle) {
    VerificationBinException e = assertThrows(VerificationBinException.class, () -> load(pickle));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().startsWith("t.bin: "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void readsListsTuplesBytesBooleansAndTheMemoOfBothPythonFlavours() throws IOException {
    byte[] a = "first".getBytes(StandardCharsets.US_ASCII);
    byte[] big = new byte[300];
    Arrays.fill(big, (byte) 7);
    // Python 2 protocol 2: BINSTRING/SHORT_BINSTRING, BINPUT/LONG_BINPUT, BINGET, APPEND
    byte[] py2 =
        PickleBytes.proto(2)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.BINPUT)
            .u8(0)
            .op(PickleOpcode.MARK)
            .string(a)
            .op(PickleOpcode.BINPUT)
            .u8(1)
            .string(big)
            .op(PickleOpcode.LONG_BINPUT)
            .u32(70000)
            .op(PickleOpcode.LONG_BINGET)
            .u32(70000)
            .op(PickleOpcode.APPENDS)
            .op(PickleOpcode.BINGET)
            .u8(1)
            .op(PickleOpcode.APPEND)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.NEWTRUE)
            .op(PickleOpcode.APPEND)
            .op(PickleOpcode.TUPLE2)
            .op(PickleOpcode.STOP)
            .toBytes();
    RestrictedUnpickler.Tuple t = (RestrictedUnpickler.Tuple) load(py2);
    List<?> bins = (List<?>) t.items().get(0);
    assertEquals(4, bins.size());
    assertArrayEquals(a, (byte[]) bins.get(0));
    assertArrayEquals(big, (byte[]) bins.get(1));
    assertSame(bins.get(1), bins.get(2), "a memo read is the same object, not a copy");
    assertSame(bins.get(0), bins.get(3));
    assertEquals(List.of(true), t.items().get(1));

    // Python 3 protocol 5: FRAME, MEMOIZE, BINBYTES8, BYTEARRAY8, MARK...TUPLE, TUPLE1/3,
    // EMPTY_TUPLE
    byte[] py3 =
        PickleBytes.proto(5)
            .op(PickleOpcode.FRAME)
            .u64(32)
            .op(PickleOpcode.MARK)
            .op(PickleOpcode.BINBYTES8)
            .u64(2)
            .ascii("xy")
            .op(PickleOpcode.MEMOIZE)
            .op(PickleOpcode.BYTEARRAY8)
            .u64(1)
            .ascii("z")
            .op(PickleOpcode.NEWFALSE)
            .op(PickleOpcode.TUPLE1)
            .op(PickleOpcode.EMPTY_TUPLE)
            .op(PickleOpcode.BINGET)
            .u8(0)
            .op(PickleOpcode.NEWTRUE)
            .op(PickleOpcode.TUPLE3)
            .op(PickleOpcode.TUPLE)
            .op(PickleOpcode.STOP)
            .toBytes();
    RestrictedUnpickler.Tuple outer = (RestrictedUnpickler.Tuple) load(py3);
    assertEquals(4, outer.items().size());
    assertArrayEquals("xy".getBytes(StandardCharsets.US_ASCII), (byte[]) outer.items().get(0));
    assertArrayEquals("z".getBytes(StandardCharsets.US_ASCII), (byte[]) outer.items().get(1));
    assertEquals(new RestrictedUnpickler.Tuple(List.of(false)), outer.items().get(2));
    RestrictedUnpickler.Tuple inner = (RestrictedUnpickler.Tuple) outer.items().get(3);
    assertEquals(new RestrictedUnpickler.Tuple(List.of()), inner.items().get(0));
    assertSame(outer.items().get(0), inner.items().get(1));
    assertEquals(true, inner.items().get(2));
  }

  /**
   * What {@code pickle.dumps(Exploit())} gives for a class whose {@code __reduce__} returns {@code
   * (os.system, ("touch <marker>",))}, at protocol 2 (GLOBAL) and 4 (STACK_GLOBAL): refused at the
   * lookup of {@code os.system}, and the command never runs (the marker is not created).
   */
  @Test
  void aCraftedBinThatCallsOsSystemIsRefusedAtItsGlobalAndRunsNothing() throws IOException {
    Path marker = tmp.resolve("pwned");
    byte[] command = ("touch " + marker).getBytes(StandardCharsets.US_ASCII);
    byte[] viaGlobal =
        PickleBytes.proto(2)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.MARK)
            .bytes(new byte[] {1, 2, 3})
            .op(PickleOpcode.GLOBAL)
            .ascii("os\nsystem\n")
            .bytes(command)
            .op(PickleOpcode.TUPLE1)
            .op(PickleOpcode.REDUCE)
            .op(PickleOpcode.APPENDS)
            .op(PickleOpcode.EMPTY_LIST)
            .op(PickleOpcode.TUPLE2)
            .op(PickleOpcode.STOP)
            .toBytes();
    String m = refusal(viaGlobal);
    assertTrue(m.contains("refused opcode GLOBAL (os.system): ") && m.endsWith("at byte 9"), m);
    assertTrue(m.contains("nothing was executed"), m);

    byte[] unicodeName =
        PickleBytes.proto(4)
            .op(PickleOpcode.FRAME)
            .u64(5)
            .op(PickleOpcode.SHORT_BINUNICODE)
            .u8(2)
            .ascii("os")
            .op(PickleOpcode.MEMOIZE)
            .toBytes();
    assertTrue(
        refusal(unicodeName).matches("t.bin: unsupported opcode SHORT_BINUNICODE: .* at byte 11"));
    byte[] stackGlobalOnly =
        PickleBytes.proto(4)
            .bytes("os".getBytes(StandardCharsets.US_ASCII))
            .bytes("system".getBytes(StandardCharsets.US_ASCII))
            .op(PickleOpcode.STACK_GLOBAL)
            .bytes(command)
            .op(PickleOpcode.TUPLE1)
            .op(PickleOpcode.REDUCE)
            .op(PickleOpcode.STOP)
            .toBytes();
    assertTrue(
        refusal(stackGlobalOnly).matches("t.bin: refused opcode STACK_GLOBAL: .* at byte 14"));
    assertFalse(Files.exists(marker), "the command must not have run");
  }

  /**
   * The same exploit pickled by Python itself at protocols 2 and 5 (when a Python is installed):
   * refused, nothing runs.
   */
  @Test
  void anExploitPickledByPythonIsRefusedAtEveryProtocol() throws Exception {
    Path python = Paths.get("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "skipped: no /usr/bin/python3 to pickle an exploit");
    Path marker = tmp.resolve("pwned-by-python");
    String script =
        "import os, pickle, sys\n"
            + "class Exploit:\n"
            + "    def __reduce__(self):\n"
            + "        return (os.system, ('touch ' + sys.argv[1],))\n"
            + "sys.stdout.buffer.write(pickle.dumps(([Exploit()], [True]),"
            + " protocol=int(sys.argv[2])))\n";
    for (int protocol : new int[] {2, 5}) {
      Process p =
          new ProcessBuilder(
                  python.toString(), "-c", script, marker.toString(), Integer.toString(protocol))
              .start();
      byte[] pickle = p.getInputStream().readAllBytes();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      String m = refusal(pickle);
      assertTrue(
          protocol == 2
              ? m.matches("t\\.bin: refused opcode GLOBAL \\((posix|os|nt)\\.system\\): .*")
              : m.contains("unsupported opcode"),
          protocol + ": " + m);
    }
    assertFalse(Files.exists(marker), "the command must not have run");
  }

  @Test
  void everyOpcodeThatCouldRunCodeIsRefusedByName() {
    int refused = 0;
    for (PickleOpcode op : PickleOpcode.values()) {
      if (op.kind != PickleOpcode.Kind.CODE) {
        continue;
      }
      byte[] p = PickleBytes.proto(2).op(op).ascii("os\nsystem\n").toBytes();
      String m = refusal(p);
      assertTrue(m.matches("t\\.bin: refused opcode " + op.name() + "[: ].* at byte 2"), m);
      refused++;
    }
    // GLOBAL, STACK_GLOBAL, REDUCE, BUILD, INST, OBJ, NEWOBJ, NEWOBJ_EX, EXT1/2/4, PERSID,
    // BINPERSID, NEXT_BUFFER, READONLY_BUFFER
    assertEquals(15, refused);
  }

  /**
   * Python 3 at protocol 2 pickles bytes as {@code _codecs.encode(text, 'latin1')}: refused like
   * any global, with the way out in the message.
   */
  @Test
  void bytesPickledByPython3AtProtocol2AreRefusedWithTheFix() {
    byte[] p =
        PickleBytes.proto(2)
            .op(PickleOpcode.GLOBAL)
            .ascii("_codecs\nencode\n")
            .op(PickleOpcode.BINUNICODE)
            .u32(1)
            .ascii("x")
            .toBytes();
    String m = refusal(p);
    assertTrue(m.contains("refused opcode GLOBAL (_codecs.encode): "), m);
    assertTrue(m.contains("pickle with protocol=3 or higher"), m);
  }

  @Test
  void opcodesNoBinIsMadeOfAndBytesThatAreNoOpcodeAreRefused() {
    assertTrue(
        refusal(PickleBytes.proto(2).op(PickleOpcode.EMPTY_DICT).toBytes())
            .matches("t.bin: unsupported opcode EMPTY_DICT: .* at byte 2"));
    assertTrue(
        refusal(PickleBytes.proto(2).op(PickleOpcode.BININT1).u8(1).toBytes())
            .contains("unsupported opcode BININT1"));
    assertTrue(refusal(new byte[] {(byte) 0xff}).contains("byte 0xff is not a pickle opcode"));
    assertTrue(
        refusal(PickleBytes.proto(6).toBytes()).contains("pickle protocol 6 is newer than 5"));
  }

  @Test
  void aLengthLargerThanTheRestOfTheFileIsRefusedBeforeAllocating() {
    // 4 GB - 1 declared by BINBYTES, 2^62 by BINBYTES8 and FRAME, in a file of a few bytes
    String m = refusal(PickleBytes.proto(3).op(PickleOpcode.BINBYTES).u32(0xffffffffL).toBytes());
    assertTrue(m.contains("BINBYTES declares 4294967295 bytes but only 0 remain"), m);
    assertTrue(
        refusal(PickleBytes.proto(4).op(PickleOpcode.BINBYTES8).u64(1L << 62).ascii("ab").toBytes())
            .contains("BINBYTES8 declares 4611686018427387904 bytes but only 2 remain"));
    assertTrue(
        refusal(PickleBytes.proto(4).op(PickleOpcode.FRAME).u64(-1L).toBytes())
            .contains("FRAME declares 18446744073709551615 bytes"));
    assertTrue(
        refusal(PickleBytes.proto(2).op(PickleOpcode.BINSTRING).u32(0x80000000L).toBytes())
            .contains("BINSTRING with negative length"));
  }

  @Test
  void truncatedAndMalformedPicklesFailWithWhereAndWhat() throws IOException {
    byte[] whole =
        PickleBytes.binTuple(3, new byte[][] {{1, 2}, {3, 4}}, new boolean[] {true}).toBytes();
    for (int cut = 0; cut < whole.length; cut++) {
      byte[] part = Arrays.copyOf(whole, cut);
      String m = refusal(part);
      assertTrue(m.contains("truncated?"), "cut at " + cut + ": " + m);
    }
    assertTrue(load(whole) instanceof RestrictedUnpickler.Tuple);
    // a stream shorter than the size it was announced with
    VerificationBinException e =
        assertThrows(
            VerificationBinException.class,
            () ->
                new RestrictedUnpickler(
                        new ByteArrayInputStream(Arrays.copyOf(whole, 8)), whole.length, "t.bin")
                    .load());
    assertTrue(e.getMessage().contains("truncated?"), e.getMessage());

    assertTrue(
        refusal(PickleBytes.proto(2).op(PickleOpcode.APPENDS).toBytes())
            .contains("APPENDS without a MARK at byte 2"));
    assertTrue(
        refusal(PickleBytes.proto(2).op(PickleOpcode.BINGET).u8(3).toBytes())
            .contains("memo entry 3 is read before it was stored"));
    assertTrue(
        refusal(
                PickleBytes.proto(2)
                    .bytes(new byte[] {1})
                    .bytes(new byte[] {2})
                    .op(PickleOpcode.APPEND)
                    .toBytes())
            .contains("APPEND to a byte string of 1 bytes, not a list"));
    assertTrue(
        refusal(PickleBytes.proto(2).op(PickleOpcode.NEWTRUE).op(PickleOpcode.TUPLE2).toBytes())
            .contains("TUPLE2 needs 2 values, the stack holds 1"));
    assertTrue(
        refusal(
                PickleBytes.proto(2)
                    .op(PickleOpcode.NEWTRUE)
                    .op(PickleOpcode.NEWTRUE)
                    .op(PickleOpcode.STOP)
                    .toBytes())
            .contains("STOP with 2 values on the stack instead of 1"));
  }
}
