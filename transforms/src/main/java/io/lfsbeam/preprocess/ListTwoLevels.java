package io.lfsbeam.preprocess;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The files exactly two levels below a folder ({@code <root>/<identity>/<image>}), as the {@link
 * MatchResult.Metadata} {@code FileIO.match()} gives, spread over workers the same way.
 *
 * <p>Why not {@code FileIO.match().filepattern(root + "/*}{@code /*")} on a local folder: Beam's
 * local file system answers a glob by walking the whole tree under its fixed prefix, at every depth
 * and through symbolic links, then filtering by the pattern. A folder with two symbolic-link loops
 * made that walk branch at every level (2^40 paths before the kernel's link limit stops a path):
 * preprocess hung. Here each identity folder is listed once, one level deep, whatever links the
 * tree holds; the work is bounded by the entries of the root and of its sub-folders. Which links
 * are followed is the caller's policy: entries are listed as the folder names them (a link to a
 * folder is listed as one, a link to a file as one), never resolved here. Other file systems
 * (gs://, s3://, hdfs://) have no links and keep {@code FileIO.match()}.
 */
final class ListTwoLevels extends PTransform<PBegin, PCollection<MatchResult.Metadata>> {
  private final String root;

  private ListTwoLevels(String root) {
    this.root = root;
  }

  static ListTwoLevels of(String root) {
    return new ListTwoLevels(root);
  }

  static boolean isLocal(String root) {
    return !root.contains("://") || root.startsWith("file://");
  }

  @Override
  public PCollection<MatchResult.Metadata> expand(PBegin begin) {
    if (!isLocal(root)) {
      return begin.apply(
          "Match",
          FileIO.match()
              .filepattern(root + "/*/*")
              .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW));
    }
    return begin
        .apply("Root", Create.of(root))
        .apply("List", ParDo.of(new ListFn()))
        .setCoder(MetadataCoderV2.of())
        .apply("Spread", Reshuffle.viaRandomKey());
  }

  private static final class ListFn extends DoFn<String, MatchResult.Metadata> {
    @ProcessElement
    public void process(@Element String root, OutputReceiver<MatchResult.Metadata> out)
        throws IOException {
      Path dir = root.startsWith("file://") ? Paths.get(URI.create(root)) : Paths.get(root);
      long files = 0;
      try (DirectoryStream<Path> identities = Files.newDirectoryStream(dir)) {
        for (Path identity : identities) {
          if (!Files.isDirectory(identity)) {
            continue;
          }
          try (DirectoryStream<Path> images = Files.newDirectoryStream(identity)) {
            for (Path image : images) {
              BasicFileAttributes a;
              try {
                a = Files.readAttributes(image, BasicFileAttributes.class);
              } catch (IOException e) {
                continue; // a dangling link: not a file
              }
              if (!a.isRegularFile()) {
                continue;
              }
              out.output(
                  MatchResult.Metadata.builder()
                      .setResourceId(FileSystems.matchNewResource(image.toString(), false))
                      .setSizeBytes(a.size())
                      .setIsReadSeekEfficient(true)
                      .setLastModifiedMillis(a.lastModifiedTime().toMillis())
                      .build());
              files++;
            }
          }
        }
      }
      if (files == 0) {
        throw new IOException(
            "no files two levels below " + root + " (expected <root>/<identity>/<image>)");
      }
    }
  }
}
