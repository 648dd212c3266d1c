package io.lfsbeam.preprocess;

import io.lfsbeam.align.FaceTemplate;
import io.lfsbeam.io.AvroFiles;
import io.lfsbeam.io.TextFiles;
import io.lfsbeam.schemas.AlignedFace;
import io.lfsbeam.synth.ContactSheet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * A contact sheet of aligned faces for people to look at: the first few identities (by name), a row
 * each, with the template's 5 points drawn so misalignment shows at a glance.
 */
public final class ContactSheets {
  private ContactSheets() {}

  private static final Comparator<AlignedFace> ORDER =
      Comparator.comparingInt(AlignedFace::getImageNumber).thenComparing(AlignedFace::getId);

  /**
   * Reads the shards, picks the first {@code rows} identities by name × their first {@code perRow}
   * faces, writes a PNG to {@code uri}. Streams the shards holding only the faces that can still
   * make it onto the sheet, so memory does not grow with the dataset.
   */
  public static void writeAligned(List<String> shards, String uri, int rows, int perRow)
      throws IOException {
    TreeMap<String, List<AlignedFace>> byIdentity = new TreeMap<>();
    for (String shard : shards) {
      AvroFiles.forEach(
          shard,
          AlignedFace.class,
          f -> {
            String id = f.getIdentity();
            List<AlignedFace> faces = byIdentity.get(id);
            if (faces == null) {
              if (byIdentity.size() >= rows && id.compareTo(byIdentity.lastKey()) > 0) {
                return;
              }
              faces = new ArrayList<>();
              byIdentity.put(id, faces);
              if (byIdentity.size() > rows) {
                byIdentity.pollLastEntry();
              }
            }
            faces.add(f);
            faces.sort(ORDER);
            if (faces.size() > perRow) {
              faces.remove(faces.size() - 1);
            }
          });
    }
    List<ContactSheet.Tile> tiles = new ArrayList<>();
    for (List<AlignedFace> faces : byIdentity.values()) {
      if (tiles.size() >= rows * perRow) {
        break;
      }
      for (int i = 0; i < perRow; i++) {
        if (i < faces.size()) {
          AlignedFace f = faces.get(i);
          tiles.add(
              new ContactSheet.Tile(
                  decode(f.getImage()),
                  templatePoints(f.getWidth()),
                  f.getIdentity() + " " + f.getImageNumber()));
        } else {
          tiles.add(
              new ContactSheet.Tile(
                  new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB), null, ""));
        }
      }
    }
    if (tiles.isEmpty()) {
      return;
    }
    BufferedImage sheet = ContactSheet.render(tiles, perRow, 112);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(sheet, "png", png);
    TextFiles.writeBytes(uri, png.toByteArray());
  }

  static BufferedImage decode(ByteBuffer bytes) throws IOException {
    ByteBuffer b = bytes.duplicate();
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return ImageIO.read(new ByteArrayInputStream(a));
  }

  /**
   * The template's 5 points (flattened x, y) for the aligned width, drawn as a guide on every tile.
   */
  private static double[] templatePoints(int width) {
    FaceTemplate t =
        width == FaceTemplate.ARCFACE_112x96.width()
            ? FaceTemplate.ARCFACE_112x96
            : FaceTemplate.ARCFACE_112x112;
    double[] p = new double[2 * FaceTemplate.POINTS];
    for (int i = 0; i < FaceTemplate.POINTS; i++) {
      p[2 * i] = t.points()[i][0];
      p[2 * i + 1] = t.points()[i][1];
    }
    return p;
  }
}
