package io.lfsbeam.insightface;

/**
 * Every opcode of Python's pickle protocols 0–5 (names as in CPython's {@code pickletools}), sorted
 * into what {@link RestrictedUnpickler} does with it. Naming the refused ones lets a refusal say
 * exactly what a file tried ("GLOBAL at byte 2") instead of "unknown byte 0x63".
 */
enum PickleOpcode {
  // what the (bins, issame) tuple of a verification .bin is made of, in both Python flavours
  PROTO(0x80, Kind.DATA),
  FRAME(0x95, Kind.DATA),
  STOP('.', Kind.DATA),
  MARK('(', Kind.DATA),
  EMPTY_LIST(']', Kind.DATA),
  APPEND('a', Kind.DATA),
  APPENDS('e', Kind.DATA),
  EMPTY_TUPLE(')', Kind.DATA),
  TUPLE('t', Kind.DATA),
  TUPLE1(0x85, Kind.DATA),
  TUPLE2(0x86, Kind.DATA),
  TUPLE3(0x87, Kind.DATA),
  BINSTRING('T', Kind.DATA),
  SHORT_BINSTRING('U', Kind.DATA),
  BINBYTES('B', Kind.DATA),
  SHORT_BINBYTES('C', Kind.DATA),
  BINBYTES8(0x8e, Kind.DATA),
  BYTEARRAY8(0x96, Kind.DATA),
  NEWTRUE(0x88, Kind.DATA),
  NEWFALSE(0x89, Kind.DATA),
  BINPUT('q', Kind.DATA),
  LONG_BINPUT('r', Kind.DATA),
  MEMOIZE(0x94, Kind.DATA),
  BINGET('h', Kind.DATA),
  LONG_BINGET('j', Kind.DATA),

  // opcodes that import a name, call something or hand an object to application code
  GLOBAL('c', Kind.CODE),
  STACK_GLOBAL(0x93, Kind.CODE),
  REDUCE('R', Kind.CODE),
  BUILD('b', Kind.CODE),
  INST('i', Kind.CODE),
  OBJ('o', Kind.CODE),
  NEWOBJ(0x81, Kind.CODE),
  NEWOBJ_EX(0x92, Kind.CODE),
  EXT1(0x82, Kind.CODE),
  EXT2(0x83, Kind.CODE),
  EXT4(0x84, Kind.CODE),
  PERSID('P', Kind.CODE),
  BINPERSID('Q', Kind.CODE),
  NEXT_BUFFER(0x97, Kind.CODE),
  READONLY_BUFFER(0x98, Kind.CODE),

  // harmless, but no (bins, issame) tuple is made of them
  POP('0', Kind.OTHER),
  DUP('2', Kind.OTHER),
  POP_MARK('1', Kind.OTHER),
  FLOAT('F', Kind.OTHER),
  BINFLOAT('G', Kind.OTHER),
  INT('I', Kind.OTHER),
  BININT('J', Kind.OTHER),
  BININT1('K', Kind.OTHER),
  BININT2('M', Kind.OTHER),
  LONG('L', Kind.OTHER),
  LONG1(0x8a, Kind.OTHER),
  LONG4(0x8b, Kind.OTHER),
  NONE('N', Kind.OTHER),
  STRING('S', Kind.OTHER),
  UNICODE('V', Kind.OTHER),
  BINUNICODE('X', Kind.OTHER),
  SHORT_BINUNICODE(0x8c, Kind.OTHER),
  BINUNICODE8(0x8d, Kind.OTHER),
  LIST('l', Kind.OTHER),
  DICT('d', Kind.OTHER),
  EMPTY_DICT('}', Kind.OTHER),
  SETITEM('s', Kind.OTHER),
  SETITEMS('u', Kind.OTHER),
  EMPTY_SET(0x8f, Kind.OTHER),
  ADDITEMS(0x90, Kind.OTHER),
  FROZENSET(0x91, Kind.OTHER),
  GET('g', Kind.OTHER),
  PUT('p', Kind.OTHER);

  /** What the restricted unpickler does with an opcode. */
  enum Kind {
    /** Interpreted. */
    DATA,
    /** Refused: it would look up, call or hand out code. */
    CODE,
    /** Refused: valid pickle, but not part of a verification .bin. */
    OTHER
  }

  private static final PickleOpcode[] BY_CODE = new PickleOpcode[256];

  static {
    for (PickleOpcode op : values()) {
      if (BY_CODE[op.code] != null) {
        throw new ExceptionInInitializerError("duplicate opcode byte " + op.code);
      }
      BY_CODE[op.code] = op;
    }
  }

  final int code;
  final Kind kind;

  PickleOpcode(int code, Kind kind) {
    this.code = code;
    this.kind = kind;
  }

  /** The opcode of a byte, or null for a byte that is no pickle opcode. */
  static PickleOpcode of(int b) {
    return BY_CODE[b & 0xff];
  }
}
