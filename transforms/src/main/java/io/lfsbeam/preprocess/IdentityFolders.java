package io.lfsbeam.preprocess;

import io.lfsbeam.io.IdentityNames;
import io.lfsbeam.io.JvmProgress;
import io.lfsbeam.io.RecordCoders;
import io.lfsbeam.schemas.DeadLetter;
import io.lfsbeam.schemas.FaceImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The walk of a local dataset folder, exactly two levels deep: the root's folders are identities
 * (listed by one task), the files in each are images (listed per identity, spread over workers).
 * Output tags are {@link ListFaceImages}'s.
 *
 * <p>Symbolic links: an identity folder or an image that is a link is followed when its target lies
 * inside the input root, else refused ({@link InputRefusal#SYMLINK_OUTSIDE_INPUT}, one dead letter
 * for the link; a folder outside is never listed); a link that loops, or an identity link to the
 * root itself (the tree would contain itself), is {@link InputRefusal#SYMLINK_LOOP}. A link whose
 * target is missing is listed and fails to read ({@code READ_FAILED}). Since the walk never goes
 * deeper than two levels and resolves each link once, no layout of links can make it loop.
 */
final class IdentityFolders extends PTransform<PBegin, PCollectionTuple> {
  private static final TupleTag<String> FOLDERS = new TupleTag<>() {};

  /** The reason code of an entry that cannot be examined, as {@link AlignFaces} uses it. */
  static final String READ_FAILED = "READ_FAILED";

  private final String root;

  private IdentityFolders(String root) {
    this.root = root;
  }

  static IdentityFolders under(String root) {
    return new IdentityFolders(root);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple folders =
        begin
            .apply("Root", Create.of(root))
            .apply(
                "Identities",
                ParDo.of(new IdentitiesFn(root))
                    .withOutputTags(
                        FOLDERS, TupleTagList.of(ListFaceImages.DEAD).and(ListFaceImages.REFUSED)));
    PCollectionTuple images =
        folders
            .get(FOLDERS)
            .setCoder(StringUtf8Coder.of())
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                "Images",
                ParDo.of(new ImagesFn(root))
                    .withOutputTags(
                        ListFaceImages.FACES,
                        TupleTagList.of(ListFaceImages.DEAD).and(ListFaceImages.REFUSED)));
    PCollectionTuple out =
        PCollectionTuple.of(ListFaceImages.FACES, images.get(ListFaceImages.FACES));
    return out.and(
            ListFaceImages.DEAD,
            both(folders, images, ListFaceImages.DEAD, DeadLetter.class, "AllDead"))
        .and(
            ListFaceImages.REFUSED,
            both(folders, images, ListFaceImages.REFUSED, FaceImage.class, "AllRefused"));
  }

  /**
   * Both steps' outputs of {@code tag} as one, each given the record coder first (Flink unions only
   * inputs of one coder; Beam would infer a serializable one for Avro records, and the rest of the
   * pipeline uses the schema coder).
   */
  private static <T extends SpecificRecord> PCollection<T> both(
      PCollectionTuple a, PCollectionTuple b, TupleTag<T> tag, Class<T> type, String name) {
    return PCollectionList.of(a.get(tag).setCoder(RecordCoders.of(type)))
        .and(b.get(tag).setCoder(RecordCoders.of(type)))
        .apply(name, Flatten.pCollections())
        .setCoder(RecordCoders.of(type));
  }

  /** Attributes of a directory entry itself (a link is a link, not its target). */
  private static BasicFileAttributes ownAttributes(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** The root's entries that are identity folders. */
  private static final class IdentitiesFn extends DoFn<String, String> {
    private final String root;
    private final Counter listed = PreprocessCounters.counter(PreprocessCounters.LISTED);

    IdentitiesFn(String root) {
      this.root = root;
    }

    @ProcessElement
    public void process(@Element String element, MultiOutputReceiver out) throws IOException {
      Path dir = InputPaths.localPath(root);
      Path realRoot = InputFiles.realRoot(root);
      int identities = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path e : entries) {
          String name = e.getFileName().toString();
          BasicFileAttributes a = ownAttributes(e);
          if (a.isSymbolicLink()) {
            Path real;
            try {
              real = InputFiles.realPath(e, name);
            } catch (InputRefusedException loop) {
              refuse(out, name, loop.refusal(), loop.getMessage());
              identities++;
              continue;
            } catch (NoSuchFileException dangling) {
              continue; // no folder behind it: not an identity
            }
            if (!Files.isDirectory(real)) {
              continue; // a link to a file at the root is not an identity, as a file there is not
            }
            identities++;
            if (real.equals(realRoot)) {
              refuse(
                  out,
                  name,
                  InputRefusal.SYMLINK_LOOP,
                  name
                      + ": a symbolic link to the input root itself (the tree would contain itself)");
            } else if (!real.startsWith(realRoot)) {
              refuse(
                  out,
                  name,
                  InputRefusal.SYMLINK_OUTSIDE_INPUT,
                  name + ": a symbolic link leaves the input (it resolves to " + real + ")");
            } else {
              out.get(FOLDERS).output(name);
            }
          } else if (a.isDirectory()) {
            identities++;
            out.get(FOLDERS).output(name);
          }
        }
      }
      if (identities == 0) {
        throw new IOException(root + " holds no identity folders: nothing to preprocess");
      }
    }

    private void refuse(MultiOutputReceiver out, String name, InputRefusal why, String message) {
      listed.inc();
      JvmProgress.add(AlignFaces.LISTED_PROGRESS, 1);
      ListFaceImages.refuse(out, root, name, "", why.code(), message);
    }
  }

  /** The images of one identity folder. */
  private static final class ImagesFn extends DoFn<String, FaceImage> {
    private final String root;
    private final Counter listed = PreprocessCounters.counter(PreprocessCounters.LISTED);

    ImagesFn(String root) {
      this.root = root;
    }

    @ProcessElement
    public void process(@Element String identity, MultiOutputReceiver out) {
      Path folder = InputPaths.localPath(root).resolve(identity);
      String badName = IdentityNames.problem(identity);
      Path realRoot;
      DirectoryStream<Path> entries;
      try {
        realRoot = InputFiles.realRoot(root);
        entries = Files.newDirectoryStream(folder);
      } catch (IOException unreadable) {
        // the folder cannot be listed (permissions, removed meanwhile): one input, one dead letter
        count();
        ListFaceImages.refuse(
            out, root, identity, "", READ_FAILED, identity + ": cannot list: " + unreadable);
        return;
      }
      try (entries) {
        for (Path e : entries) {
          image(out, identity, e, realRoot, badName);
        }
      } catch (IOException | RuntimeException broken) {
        throw new IllegalStateException(folder + ": listing failed: " + broken, broken);
      }
    }

    private void image(
        MultiOutputReceiver out, String identity, Path e, Path realRoot, String badName) {
      String rel = identity + "/" + e.getFileName();
      BasicFileAttributes a;
      try {
        a = ownAttributes(e);
      } catch (IOException gone) {
        count();
        ListFaceImages.refuse(out, root, rel, "", READ_FAILED, rel + ": " + gone);
        return;
      }
      if (a.isDirectory()) {
        return; // deeper folders are not part of the layout
      }
      long size = a.size();
      String refusal = null;
      String message = null;
      if (a.isSymbolicLink()) {
        try {
          Path real = InputFiles.realPath(e, rel);
          if (Files.isDirectory(real)) {
            return; // a link to a folder is a folder
          }
          if (!real.startsWith(realRoot)) {
            refusal = InputRefusal.SYMLINK_OUTSIDE_INPUT.code();
            message = rel + ": a symbolic link leaves the input (it resolves to " + real + ")";
          } else {
            size = Files.size(real);
          }
        } catch (InputRefusedException loop) {
          refusal = loop.refusal().code();
          message = loop.getMessage();
        } catch (IOException dangling) {
          size = -1; // listed; reading it says what is missing
        }
      }
      if (refusal == null && badName != null) {
        refusal = InputRefusal.BAD_IDENTITY_NAME.code();
        message = badName;
      }
      count();
      if (refusal != null) {
        ListFaceImages.refuse(out, root, rel, "", refusal, message);
      } else {
        out.get(ListFaceImages.FACES).output(ListFaceImages.face(root, rel, identity, size));
      }
    }

    private void count() {
      listed.inc();
      JvmProgress.add(AlignFaces.LISTED_PROGRESS, 1);
    }
  }
}
