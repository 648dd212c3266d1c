package io.lfsbeam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactSheetTest {

  private static BufferedImage grey(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, 0x808080);
      }
    }
    return img;
  }

  @Test
  void gridHasOneCellPerTileRowByRow() {
    List<ContactSheet.Tile> tiles =
        List.of(
            new ContactSheet.Tile(grey(100, 100), null, "a"),
            new ContactSheet.Tile(grey(100, 100), null, null),
            new ContactSheet.Tile(grey(50, 100), null, "c"));
    BufferedImage two = ContactSheet.render(tiles, 2, 40);
    BufferedImage three = ContactSheet.render(tiles, 3, 40);
    assertTrue(two.getHeight() > three.getHeight(), "two columns need a second row");
    assertTrue(three.getWidth() > two.getWidth());
    assertEquals(
        three.getWidth() - two.getWidth(),
        (two.getWidth() - 4) / 2,
        "one more column adds one cell width");
  }

  @Test
  void landmarkDotsAreDrawnWherePointsScaleTo() {
    // A point at source pixel (49.5, 49.5) is the centre of a 100-pixel image: thumbnail centre.
    BufferedImage img = grey(100, 100);
    ContactSheet.Tile tile = new ContactSheet.Tile(img, new double[] {49.5, 49.5}, null);
    BufferedImage sheet = ContactSheet.render(List.of(tile), 1, 60);
    int gap = 4;
    Color centre = new Color(sheet.getRGB(gap + 30, gap + 30));
    assertTrue(centre.getRed() > 200 && centre.getGreen() < 100, "first dot is red: " + centre);
    assertEquals(0x808080, sheet.getRGB(gap + 5, gap + 5) & 0xFFFFFF, "away from the dot: image");
    BufferedImage plain =
        ContactSheet.render(List.of(new ContactSheet.Tile(img, null, null)), 1, 60);
    assertNotEquals(plain.getRGB(gap + 30, gap + 30), sheet.getRGB(gap + 30, gap + 30));
  }

  @Test
  void rejectsOddCoordinateCounts() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ContactSheet.Tile(grey(4, 4), new double[] {1, 2, 3}, null));
  }
}
