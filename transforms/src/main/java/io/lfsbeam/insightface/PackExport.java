package io.lfsbeam.insightface;

import io.lfsbeam.io.AtomicDirectory;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.IdentityNames;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.schemas.DatasetManifest;
import io.lfsbeam.schemas.Split;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.FileSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split of a preprocess output written as an insightface pack ({@link FacePackWriter}), so data
 * prepared on Beam trains in arcface_torch. Classes are the split's identities in label order,
 * renumbered from 0 (a val or test split's labels start after train's); faces come grouped by
 * class, in source-path order. {@code classes.tsv} beside the pack names each class ({@code
 * preprocess --classNames} reads it back).
 *
 * <p>Faces are grouped by class before writing, in memory when the split's shards fit the memory
 * budget, else through temporary bucket files of class ranges next to the output, so a split of any
 * size exports with bounded memory.
 *
 * <p>The pack is written whole into a hidden staging folder in the output and then published
 * ({@link #publish}): a reader, or an export killed half way, never sees a mix of two packs or a
 * pack cut short.
 */
public final class PackExport {
  /** The names file written beside the pack. */
  public static final String CLASS_NAMES = "classes.tsv";

  private static final long DEFAULT_MEMORY_BUDGET = 256L << 20;

  /** The hidden folder in the output a pack is written into before it is published. */
  private static final String STAGING = ".pack-staging-";

  private static final long PROGRESS_EVERY = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(PackExport.class);

  /** What was written. */
  public record Result(Path dir, long faces, int classes, long recBytes) {}

  private final String data;
  private final Path output;
  private final Split split;
  private final PackImageFormat imageFormat;
  private final int jpegQuality;
  private final long memoryBudget;

  private PackExport(Builder b) {
    this.data = Objects.requireNonNull(b.data, "data");
    this.output = Objects.requireNonNull(b.output, "output");
    this.split = b.split;
    this.imageFormat = b.imageFormat;
    this.jpegQuality = b.jpegQuality;
    this.memoryBudget = b.memoryBudget;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A face on its way into the pack. */
  private record Face(int classIndex, String sourcePath, String id, byte[] png) {}

  private static final Comparator<Face> PACK_ORDER =
      Comparator.comparingInt(Face::classIndex)
          .thenComparing(Face::sourcePath)
          .thenComparing(Face::id);

  public Result run() throws IOException {
    String faces = data + "/faces/" + split.name().toLowerCase(Locale.ROOT) + "-*.avro";
    List<String> shards = AvroFiles.match(faces);
    if (shards.isEmpty()) {
      throw new IOException("no " + faces + ": not a preprocess output, or the split is empty");
    }
    Map<Integer, Integer> classOf = new TreeMap<>();
    Map<Integer, String> names = new TreeMap<>();
    classes(classOf, names);
    DatasetManifest manifest =
        AvroFiles.read(data + "/manifest.avro", DatasetManifest.class).get(0);
    long bytes = 0;
    for (String s : shards) {
      bytes += FileSystems.matchSingleFileSpec(s).sizeBytes();
    }
    int buckets = (int) Math.min(Math.max(1, (bytes + memoryBudget - 1) / memoryBudget), 4096);
    Files.createDirectories(output);
    deleteStaging(output);
    Path staging = Files.createDirectory(output.resolve(STAGING + UUID.randomUUID()));
    try {
      long written;
      try (FacePackWriter pack =
          FacePackWriter.create(staging, manifest.getImageHeight(), manifest.getImageWidth())) {
        if (buckets == 1) {
          List<Face> all = new ArrayList<>();
          readShards(shards, classOf, all::add);
          writeSorted(all, pack);
        } else {
          throughBuckets(shards, classOf, names.size(), buckets, pack, staging);
        }
        written = pack.faces();
        pack.declareClasses(names.size());
      }
      Files.writeString(staging.resolve(CLASS_NAMES), PackClassNames.format(names));
      publish(staging, output);
      return new Result(
          output, written, names.size(), Files.size(output.resolve(RecordIoFile.REC)));
    } finally {
      AtomicDirectory.deleteTree(staging);
    }
  }

  /**
   * Moves a pack written whole in {@code staging} into {@code output}, replacing an earlier pack's
   * files so the folder is the old pack or the new one, or no pack at all in between, never a mix:
   * {@code train.idx} goes first (without it the folder is not a pack to any reader: {@link
   * PackFiles#isPack}), the other files are renamed over theirs, and the new {@code train.idx}
   * comes last.
   */
  static void publish(Path staging, Path output) throws IOException {
    Files.deleteIfExists(output.resolve(RecordIoFile.IDX));
    for (String name : List.of(RecordIoFile.REC, RecordIoFile.PROPERTY, CLASS_NAMES)) {
      Files.move(
          staging.resolve(name),
          output.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(
        staging.resolve(RecordIoFile.IDX),
        output.resolve(RecordIoFile.IDX),
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the staging folders of exports that were interrupted. */
  private static void deleteStaging(Path output) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(output, STAGING + "*")) {
      for (Path p : s) {
        AtomicDirectory.deleteTree(p);
      }
    }
  }

  /**
   * The split's identities from labels.tsv: label → class index (label order), class → name. Read
   * whole and checked before anything is written, so a labels.tsv that is not one (a line without
   * its three fields, a label that is not a number, a name with a control character) fails the
   * export with its line number and leaves no pack behind.
   */
  private void classes(Map<Integer, Integer> classOf, Map<Integer, String> names)
      throws IOException {
    Map<Integer, String> byLabel = new TreeMap<>();
    String want = split.name().toLowerCase(Locale.ROOT);
    String[] lines = TextFiles.read(data + "/labels.tsv").split("\n");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.isEmpty() || (n == 0 && line.startsWith("identity\t"))) {
        continue;
      }
      String[] f = line.split("\t", -1);
      String where = data + "/labels.tsv line " + (n + 1) + ": ";
      if (f.length != 3) {
        throw new IOException(
            where + "expected 'identity<TAB>label<TAB>split', found " + f.length + " fields");
      }
      String problem = IdentityNames.problem(f[0]);
      if (problem != null) {
        throw new IOException(where + problem);
      }
      int label;
      try {
        label = Integer.parseInt(f[1].strip());
      } catch (NumberFormatException e) {
        throw new IOException(where + "label '" + f[1] + "' is not a whole number");
      }
      if (f[2].strip().equals(want)) {
        byLabel.put(label, f[0]);
      }
    }
    for (Map.Entry<Integer, String> e : byLabel.entrySet()) {
      classOf.put(e.getKey(), names.size());
      names.put(names.size(), e.getValue());
    }
  }

  private interface FaceSink {
    void accept(Face f) throws IOException;
  }

  private void readShards(List<String> shards, Map<Integer, Integer> classOf, FaceSink sink)
      throws IOException {
    for (String shard : shards) {
      try (InputStream in =
              Channels.newInputStream(
                  FileSystems.open(FileSystems.matchSingleFileSpec(shard).resourceId()));
          DataFileStream<AlignedFace> stream =
              new DataFileStream<>(
                  new BufferedInputStream(in, 1 << 16),
                  new SpecificDatumReader<>(AlignedFace.class))) {
        while (stream.hasNext()) {
          AlignedFace f = stream.next();
          Integer c = classOf.get(f.getLabel());
          if (f.getSplit() != split || c == null) {
            throw new IOException(
                shard
                    + ": face "
                    + f.getId()
                    + " (label "
                    + f.getLabel()
                    + ", "
                    + f.getSplit()
                    + ") is not in labels.tsv's "
                    + split
                    + " identities");
          }
          sink.accept(new Face(c, f.getSourcePath(), f.getId(), bytes(f.getImage())));
        }
      }
    }
  }

  private void writeSorted(List<Face> faces, FacePackWriter pack) throws IOException {
    faces.sort(PACK_ORDER);
    for (Face f : faces) {
      pack.add(f.classIndex(), imageFormat.fromPng(f.png(), jpegQuality));
      if (pack.faces() % PROGRESS_EVERY == 0) {
        LOG.info("export: {} faces written to {}", pack.faces(), output);
      }
    }
  }

  /** Class ranges to bucket files, then each bucket sorted in memory and written in order. */
  private void throughBuckets(
      List<String> shards,
      Map<Integer, Integer> classOf,
      int classes,
      int buckets,
      FacePackWriter pack,
      Path work)
      throws IOException {
    List<Path> files = new ArrayList<>();
    List<DataOutputStream> outs = new ArrayList<>();
    try {
      for (int b = 0; b < buckets; b++) {
        Path p = Files.createTempFile(work, ".export-bucket-", ".tmp");
        files.add(p);
        outs.add(new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16)));
      }
      readShards(
          shards,
          classOf,
          f -> {
            DataOutputStream o = outs.get((int) ((long) f.classIndex() * buckets / classes));
            o.writeInt(f.classIndex());
            o.writeUTF(f.sourcePath());
            o.writeUTF(f.id());
            o.writeInt(f.png().length);
            o.write(f.png());
          });
      for (DataOutputStream o : outs) {
        o.close();
      }
      for (Path p : files) {
        List<Face> faces = new ArrayList<>();
        try (DataInputStream in =
            new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
          while (true) {
            int c;
            try {
              c = in.readInt();
            } catch (EOFException end) {
              break;
            }
            String path = in.readUTF();
            String id = in.readUTF();
            byte[] png = in.readNBytes(in.readInt());
            faces.add(new Face(c, path, id, png));
          }
        }
        writeSorted(faces, pack);
        Files.delete(p);
      }
    } finally {
      for (DataOutputStream o : outs) {
        o.close();
      }
      for (Path p : files) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** DJL-style: {@code set} required, {@code opt} optional. */
  public static final class Builder {
    private String data;
    private Path output;
    private Split split = Split.TRAIN;
    private PackImageFormat imageFormat = PackImageFormat.PNG;
    private int jpegQuality = 95;
    private long memoryBudget = DEFAULT_MEMORY_BUDGET;

    /** The preprocess output folder (faces/, labels.tsv, manifest.avro). */
    public Builder setData(String preprocessOutput) {
      this.data =
          preprocessOutput.endsWith("/")
              ? preprocessOutput.substring(0, preprocessOutput.length() - 1)
              : preprocessOutput;
      return this;
    }

    /** The pack folder to write (created; train.rec, train.idx, property, classes.tsv replaced). */
    public Builder setOutput(Path dir) {
      this.output = dir;
      return this;
    }

    public Builder optSplit(Split s) {
      this.split = Objects.requireNonNull(s);
      return this;
    }

    public Builder optImageFormat(PackImageFormat f) {
      this.imageFormat = Objects.requireNonNull(f);
      return this;
    }

    /** JPEG quality in [1, 100] (default 95); ignored for PNG. */
    public Builder optJpegQuality(int q) {
      if (q < 1 || q > 100) {
        throw new IllegalArgumentException("JPEG quality must be in [1, 100], not " + q);
      }
      this.jpegQuality = q;
      return this;
    }

    /** Bytes of shards grouped in memory at once (default 256 MB); larger splits use buckets. */
    public Builder optMemoryBudget(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("memory budget must be positive");
      }
      this.memoryBudget = bytes;
      return this;
    }

    public PackExport build() {
      return new PackExport(this);
    }
  }
}
