package io.lfsbeam.synth;

import io.lfsbeam.align.FaceLandmarks;
import java.awt.image.BufferedImage;

/**
 * One generated image and its exact landmarks, in pixel-index coordinates: (0, 0) is the
 * <em>centre</em> of the top-left pixel, as in OpenCV and the LFW landmark list.
 */
public record RenderedFace(BufferedImage image, FaceLandmarks landmarks) {}
