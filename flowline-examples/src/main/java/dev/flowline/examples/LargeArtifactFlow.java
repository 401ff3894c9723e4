package dev.flowline.examples;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import java.util.zip.CRC32;

/**
 * A large artifact: {@code start} writes a 200 MiB {@code byte[]} with a known pattern and its
 * CRC-32, and {@code verify} reads it back and checks the size, the pattern and the checksum.
 */
public class LargeArtifactFlow extends FlowSpec {
  /** 200 MiB. */
  static final int SIZE = 200 * 1024 * 1024;

  byte[] payload;
  long checksum;

  @Step
  void start() {
    payload = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    checksum = crc(payload);
    next(this::verify);
  }

  @Step
  void verify() {
    if (payload.length != SIZE) {
      throw new IllegalStateException("payload has " + payload.length + " bytes, expected " + SIZE);
    }
    for (int i = 0; i < SIZE; i += 4093) {
      if (payload[i] != (byte) (i * 31 + 7)) {
        throw new IllegalStateException("payload differs at byte " + i);
      }
    }
    long actual = crc(payload);
    if (actual != checksum) {
      throw new IllegalStateException("payload CRC-32 is " + actual + ", expected " + checksum);
    }
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("verified " + SIZE + " bytes, CRC-32 " + checksum);
  }

  private static long crc(byte[] bytes) {
    var crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
