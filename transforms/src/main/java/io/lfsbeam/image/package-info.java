/**
 * Image bytes in and out: decoding with a pixel limit checked before decoding, and the fast PNG
 * encoder/decoder used for aligned faces.
 *
 * <p>May depend on: the JDK (ImageIO) and the ImageIO plug-ins on the classpath (PNM, BMP). No
 * Beam, no TensorFlow, no other lfs-beam package.
 */
package io.lfsbeam.image;
