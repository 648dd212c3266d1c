package io.lfsbeam.insightface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ImageRecordHeaderTest {
  /** The bytes Python's {@code struct.pack('<IfQQ', flag, label, id, id2)} gives, plus labels. */
  private static byte[] packed(
      int flag, float label, long id, long id2, float[] labels, byte[] image) {
    ByteBuffer b =
        ByteBuffer.allocate(24 + 4 * labels.length + image.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(flag).putFloat(label).putLong(id).putLong(id2);
    for (float l : labels) {
      b.putFloat(l);
    }
    return b.put(image).array();
  }

  @Test
  void aFaceRecordCarriesItsClassInTheLabelField() throws PackRecordException {
    byte[] payload = packed(0, 7f, 12, 0, new float[0], new byte[] {(byte) 0xff, (byte) 0xd8});
    PackedFace f = PackedFace.parse(12, 96, payload);
    assertEquals(7, f.classIndex());
    assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xd8}, f.image());
    assertArrayEquals(payload, ImageRecordHeader.face(7, 12).encode(f.image()));
  }

  @Test
  void withALabelArrayTheClassIsTheFirstLabelAndTheImageFollowsTheArray()
      throws PackRecordException {
    byte[] payload = packed(3, 0f, 5, 9, new float[] {4f, 0.25f, -1f}, new byte[] {1, 2, 3});
    ImageRecordHeader h = ImageRecordHeader.parse(payload);
    assertEquals(3, h.flag());
    assertEquals(9, h.id2());
    assertEquals(36, h.imageOffset());
    PackedFace f = PackedFace.parse(5, 0, payload);
    assertEquals(4, f.classIndex());
    assertArrayEquals(new byte[] {1, 2, 3}, f.image());
  }

  @Test
  void recordZeroWithFlagTwoDeclaresFacesAndIdentities() throws PackRecordException {
    PackLayout l =
        PackLayout.fromRecordZero(
            ImageRecordHeader.parse(
                ImageRecordHeader.withLabels(0, 301f, 331f).encode(new byte[0])));
    assertEquals(300, l.declaredFaces());
    assertEquals(30, l.declaredIdentities());
    assertEquals(false, l.isFace(0));
    assertEquals(true, l.isFace(300));
    assertEquals(false, l.isFace(301));
    PackLayout all = PackLayout.fromRecordZero(ImageRecordHeader.face(0, 0));
    assertEquals(true, all.isFace(0));
    assertEquals(PackLayout.everyKey(), all);
  }

  @Test
  void refusesLabelsThatAreNotWholeNumbersAndShortPayloads() {
    for (float bad : new float[] {2.5f, -1f, Float.NaN, Float.POSITIVE_INFINITY, 3e9f}) {
      PackRecordException e =
          assertThrows(
              PackRecordException.class,
              () -> PackedFace.parse(1, 0, packed(0, bad, 1, 0, new float[0], new byte[4])));
      assertEquals(PackFailure.BAD_LABEL, e.failure(), "label " + bad);
    }
    assertEquals(
        PackFailure.BAD_LABEL,
        assertThrows(
                PackRecordException.class,
                () -> PackedFace.parse(1, 0, packed(1, 0f, 1, 0, new float[] {0.5f}, new byte[0])))
            .failure());
    assertEquals(
        PackFailure.BAD_HEADER,
        assertThrows(PackRecordException.class, () -> ImageRecordHeader.parse(new byte[23]))
            .failure());
    // flag says 1000 labels; the payload has room for 2
    assertEquals(
        PackFailure.BAD_HEADER,
        assertThrows(
                PackRecordException.class,
                () ->
                    ImageRecordHeader.parse(
                        packed(1000, 0f, 1, 0, new float[] {1f, 2f}, new byte[0])))
            .failure());
  }
}
