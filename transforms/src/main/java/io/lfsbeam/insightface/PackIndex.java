package io.lfsbeam.insightface;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The .idx file of a pack: one {@code <key><TAB><byte offset>} line per record, as MXNet's {@code
 * MXIndexedRecordIO} writes it. Parsing is line by line with each line's own byte offset, so a
 * reader can start at any byte of the file ({@link Lines}) and a pack of millions of records is
 * never held in memory by the pipeline.
 */
public final class PackIndex {
  /** Lines longer than this are not index lines (a corrupted file without newlines). */
  static final int MAX_LINE_BYTES = 4096;

  private PackIndex() {}

  /** One index line: a record key and the byte offset of its record in the .rec file. */
  public record Entry(long key, long offset) {
    /** The line as written to the .idx (without the newline). */
    public String line() {
      return key + "\t" + offset;
    }
  }

  /**
   * Parses one line (tab- or space-separated, surrounding whitespace ignored); a blank line is
   * null.
   */
  public static Entry parse(String line) throws PackRecordException {
    String t = line.strip();
    if (t.isEmpty()) {
      return null;
    }
    String[] f = t.split("\\s+");
    if (f.length != 2) {
      throw badLine(t, "expected '<key>\\t<offset>', found " + f.length + " fields");
    }
    try {
      long key = Long.parseLong(f[0]);
      long offset = Long.parseLong(f[1]);
      if (key < 0 || offset < 0) {
        throw badLine(t, "key and offset must be non-negative");
      }
      return new Entry(key, offset);
    } catch (NumberFormatException e) {
      throw badLine(t, "key and offset must be whole numbers");
    }
  }

  private static PackRecordException badLine(String line, String why) {
    String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
    return new PackRecordException(PackFailure.BAD_INDEX_LINE, "'" + shown + "': " + why);
  }

  /**
   * Every entry of a local .idx (for tools and tests; the pipeline reads ranges); a line that is
   * not an entry throws.
   */
  public static List<Entry> read(Path idx) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (Lines lines = new Lines(FileChannel.open(idx, StandardOpenOption.READ), 0)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        Entry e = parse(line);
        if (e != null) {
          out.add(e);
        }
      }
    }
    return out;
  }

  public static void write(Path idx, List<Entry> entries) throws IOException {
    try (Writer w = Files.newBufferedWriter(idx, StandardCharsets.US_ASCII)) {
      for (Entry e : entries) {
        w.write(e.line());
        w.write('\n');
      }
    }
  }

  /**
   * The lines of an .idx from a byte offset on, each with the offset it starts at. Started at a
   * byte in the middle of a line, the first line returned is the next whole one, so ranges [a, b)
   * and [b, c) of the file together read every line exactly once (the lines starting in them), as
   * Beam's TextIO splits text.
   */
  public static final class Lines implements Closeable {
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private long position;
    private long lineStart;
    private boolean eof;

    /**
     * Reads {@code channel} (closed with this), which must be positioned at {@code start − 1} when
     * {@code start > 0} (so a line starting exactly at {@code start} is recognised), else at 0.
     */
    public Lines(ReadableByteChannel channel, long start) throws IOException {
      this.channel = channel;
      buffer.flip();
      if (start > 0) {
        position = start - 1;
        // skip the rest of the line that started before this range
        int b;
        while ((b = nextByte()) >= 0 && b != '\n') {
          // the previous range reads it
        }
      }
    }

    /** The byte offset of the line last returned by {@link #next()}. */
    public long lineStart() {
      return lineStart;
    }

    /**
     * The next line (without its newline; over-long lines cut at {@value #MAX_LINE_BYTES} bytes),
     * or null at the end of the file.
     */
    public String next() throws IOException {
      lineStart = position;
      int n = 0;
      int b;
      while ((b = nextByte()) >= 0 && b != '\n') {
        if (n < line.length) {
          line[n++] = (byte) b;
        }
      }
      if (b < 0 && n == 0 && position == lineStart) {
        return null;
      }
      return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    private int nextByte() throws IOException {
      while (!buffer.hasRemaining()) {
        if (eof) {
          return -1;
        }
        buffer.clear();
        eof = channel.read(buffer) < 0;
        buffer.flip();
      }
      position++;
      return buffer.get() & 0xff;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
