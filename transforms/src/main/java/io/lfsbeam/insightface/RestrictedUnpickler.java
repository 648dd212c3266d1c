package io.lfsbeam.insightface;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pickle reader for data only: lists, tuples, byte strings, booleans and the memo, i.e. exactly
 * what the {@code (bins, issame)} tuple of a verification .bin is made of, in both of its forms
 * (Python 2 protocol 2: {@code BINSTRING}/{@code SHORT_BINSTRING}, {@code BINPUT}; Python 3 at any
 * protocol from 3 to 5: {@code BINBYTES}/{@code SHORT_BINBYTES}/{@code BINBYTES8}, {@code FRAME},
 * {@code MEMOIZE}/{@code BINGET}). See {@link PickleOpcode} for the full table.
 *
 * <p>Why not a general unpickler: a pickle is a program, and {@code GLOBAL} + {@code REDUCE} run
 * any function the file names ({@code os.system} included). This reader refuses every opcode that
 * would import a name, call something or hand an object to application code, at the byte it meets
 * it, before anything after it is read; there is no class lookup or reflection anywhere in it. All
 * other opcodes that are not part of a .bin are refused too, so what it accepts is small enough to
 * test exhaustively.
 *
 * <p>Memory is bounded by the file: a length prefix larger than the bytes left in the file is
 * refused before anything is allocated, and every value on the stack costs at least one byte of
 * input. The Python types come back as {@code byte[]} (str in Python 2, bytes or bytearray in
 * Python 3), {@link Boolean}, {@link ArrayList} (list) and {@link Tuple}; an object read twice
 * through the memo is the same Java instance.
 *
 * <p>Not thread-safe; one instance reads one pickle.
 */
final class RestrictedUnpickler {
  /** Python's highest pickle protocol today. */
  static final int MAX_PROTOCOL = 5;

  /** Longest module or attribute name quoted in a refusal. */
  private static final int MAX_NAME = 100;

  /** A Python tuple (immutable items). */
  record Tuple(List<Object> items) {
    Tuple {
      items = List.copyOf(items);
    }
  }

  private final InputStream in;
  private final long size;
  private final String source;
  private long position;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  /**
   * @param in the pickle's bytes (not closed here)
   * @param size how many bytes {@code in} holds: the bound for every length prefix
   * @param source the file's name, for messages
   */
  RestrictedUnpickler(InputStream in, long size, String source) {
    this.in = in;
    this.size = size;
    this.source = source;
  }

  /**
   * Reads one pickle up to its STOP and returns its value.
   *
   * @throws VerificationBinException naming the opcode and byte offset of the first thing refused
   *     or malformed (in one line)
   * @throws IOException when reading the stream fails
   */
  Object load() throws IOException {
    while (true) {
      long at = position;
      int b = in.read();
      if (b < 0) {
        throw fail(at, "the file ends before the pickle's STOP (truncated?)");
      }
      position++;
      PickleOpcode op = PickleOpcode.of(b);
      if (op == null) {
        throw fail(at, String.format(Locale.ROOT, "byte 0x%02x is not a pickle opcode", b));
      }
      switch (op.kind) {
        case CODE -> throw fail(at, refusal(op));
        case OTHER ->
            throw fail(
                at,
                "unsupported opcode "
                    + op
                    + ": a verification .bin holds only lists, byte strings and booleans");
        case DATA -> {
          if (op == PickleOpcode.STOP) {
            if (stack.size() != 1 || !marks.isEmpty()) {
              throw fail(at, "STOP with " + stack.size() + " values on the stack instead of 1");
            }
            return stack.get(0);
          }
          interpret(op, at);
        }
      }
    }
  }

  /**
   * The refusal of a code opcode; for GLOBAL and INST it names the callable the file asks for (read
   * as text, never looked up).
   */
  private String refusal(PickleOpcode op) throws IOException {
    String target = "";
    String hint = "";
    if (op == PickleOpcode.GLOBAL || op == PickleOpcode.INST) {
      String module = readLine();
      String name = readLine();
      target = " (" + module + "." + name + ")";
      if (module.equals("_codecs") && name.equals("encode")) {
        hint =
            "; Python 3 stores bytes this way at protocol 2 or lower: pickle with protocol=3 or"
                + " higher";
      }
    }
    return "refused opcode "
        + op
        + target
        + ": it would import or call code, and a verification .bin holds only lists, byte strings"
        + " and booleans (nothing was executed)"
        + hint;
  }

  /** A GLOBAL/INST argument line, as printable ASCII, at most {@link #MAX_NAME} bytes. */
  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < MAX_NAME; i++) {
      int b = in.read();
      if (b < 0 || b == '\n') {
        break;
      }
      position++;
      sb.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
    }
    return sb.toString();
  }

  private void interpret(PickleOpcode op, long at) throws IOException {
    switch (op) {
      case PROTO -> {
        long protocol = readUnsigned(1, at);
        if (protocol > MAX_PROTOCOL) {
          throw fail(at, "pickle protocol " + protocol + " is newer than " + MAX_PROTOCOL);
        }
      }
      // frames only group opcodes for buffered reading; the content is read as it comes
      case FRAME -> checkLength(readLong8(at), at, "FRAME");
      case MARK -> marks.push(stack.size());
      case EMPTY_LIST -> stack.add(new ArrayList<>());
      case APPEND -> {
        Object item = pop(at, op);
        list(peek(at, op), at, op).add(item);
      }
      case APPENDS -> {
        List<Object> items = popToMark(at, op);
        list(peek(at, op), at, op).addAll(items);
      }
      case EMPTY_TUPLE -> stack.add(new Tuple(List.of()));
      case TUPLE -> stack.add(new Tuple(popToMark(at, op)));
      case TUPLE1, TUPLE2, TUPLE3 -> {
        int n = op == PickleOpcode.TUPLE1 ? 1 : op == PickleOpcode.TUPLE2 ? 2 : 3;
        if (stack.size() - floor() < n) {
          throw fail(at, op + " needs " + n + " values, the stack holds " + stackAbove());
        }
        List<Object> top = stack.subList(stack.size() - n, stack.size());
        Tuple t = new Tuple(top);
        top.clear();
        stack.add(t);
      }
      case SHORT_BINSTRING, SHORT_BINBYTES -> stack.add(readBytes(readUnsigned(1, at), at, op));
      case BINSTRING -> {
        // a signed 4-byte length in Python 2
        int n = (int) readUnsigned(4, at);
        if (n < 0) {
          throw fail(at, "BINSTRING with negative length " + n);
        }
        stack.add(readBytes(n, at, op));
      }
      case BINBYTES -> stack.add(readBytes(readUnsigned(4, at), at, op));
      case BINBYTES8, BYTEARRAY8 -> stack.add(readBytes(readLong8(at), at, op));
      case NEWTRUE -> stack.add(Boolean.TRUE);
      case NEWFALSE -> stack.add(Boolean.FALSE);
      case BINPUT -> put(readUnsigned(1, at), at, op);
      case LONG_BINPUT -> put(readUnsigned(4, at), at, op);
      case MEMOIZE -> put(memo.size(), at, op);
      case BINGET -> get(readUnsigned(1, at), at);
      case LONG_BINGET -> get(readUnsigned(4, at), at);
      default -> throw new IllegalStateException("opcode " + op + " has no interpretation");
    }
  }

  /** Stack position of the innermost MARK (0 when there is none). */
  private int floor() {
    return marks.isEmpty() ? 0 : marks.peek();
  }

  private int stackAbove() {
    return stack.size() - floor();
  }

  private Object pop(long at, PickleOpcode op) throws VerificationBinException {
    if (stackAbove() < 1) {
      throw fail(at, op + " on an empty stack");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek(long at, PickleOpcode op) throws VerificationBinException {
    if (stackAbove() < 1) {
      throw fail(at, op + " has no list to append to");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popToMark(long at, PickleOpcode op) throws VerificationBinException {
    if (marks.isEmpty()) {
      throw fail(at, op + " without a MARK");
    }
    int mark = marks.pop();
    List<Object> top = stack.subList(mark, stack.size());
    List<Object> items = new ArrayList<>(top);
    top.clear();
    return items;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object target, long at, PickleOpcode op)
      throws VerificationBinException {
    if (!(target instanceof ArrayList<?>)) {
      throw fail(at, op + " to a " + describe(target) + ", not a list");
    }
    return (List<Object>) target;
  }

  private void put(long index, long at, PickleOpcode op) throws VerificationBinException {
    if (stackAbove() < 1) {
      throw fail(at, op + " on an empty stack");
    }
    memo.put(index, stack.get(stack.size() - 1));
  }

  private void get(long index, long at) throws VerificationBinException {
    Object v = memo.get(index);
    if (v == null) {
      throw fail(at, "memo entry " + index + " is read before it was stored");
    }
    stack.add(v);
  }

  private byte[] readBytes(long n, long at, PickleOpcode op) throws IOException {
    checkLength(n, at, op.name());
    if (n > Integer.MAX_VALUE - 8) {
      throw fail(at, op + " of " + n + " bytes is larger than one Java array can hold");
    }
    byte[] out = new byte[(int) n];
    readFully(out, at);
    return out;
  }

  /** Refuses a length the rest of the file cannot hold, before anything is allocated. */
  private void checkLength(long n, long at, String what) throws VerificationBinException {
    if (n < 0 || n > size - position) {
      throw fail(
          at,
          what
              + " declares "
              + Long.toUnsignedString(n)
              + " bytes but only "
              + (size - position)
              + " remain in the file (truncated?)");
    }
  }

  /** Little-endian unsigned integer of {@code width} ≤ 4 bytes. */
  private long readUnsigned(int width, long at) throws IOException {
    byte[] b = new byte[width];
    readFully(b, at);
    long v = 0;
    for (int i = width - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** Little-endian 8-byte length; above Long.MAX_VALUE it comes back negative and is refused. */
  private long readLong8(long at) throws IOException {
    long low = readUnsigned(4, at);
    long high = readUnsigned(4, at);
    return (high << 32) | low;
  }

  private void readFully(byte[] b, long at) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        throw fail(at, "the file ends inside this opcode's argument (truncated?)");
      }
      off += n;
      position += n;
    }
  }

  static String describe(Object v) {
    if (v instanceof byte[] b) {
      return "byte string of " + b.length + " bytes";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof List<?> l) {
      return "list of " + l.size();
    }
    if (v instanceof Tuple t) {
      return t.items().size() + "-tuple";
    }
    return v == null ? "nothing" : v.getClass().getSimpleName();
  }

  private VerificationBinException fail(long at, String what) {
    return new VerificationBinException(source + ": " + what + " at byte " + at);
  }
}
