package dev.flowline.datastore.cas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.serde.Serializers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MiB {@code byte[]} artifact is saved and loaded in a JVM whose heap holds only one copy of
 * it plus 56 MiB: a growing buffer (ByteArrayOutputStream, readAllBytes) anywhere on either path
 * would need a second copy and fail with OutOfMemoryError. Peak RSS is measured separately by
 * flowline-bench's ArtifactStoreBench.
 */
class LargeArtifactMemoryTest {
  static final int SIZE = 200 * 1024 * 1024;

  @TempDir Path dir;

  /** The child process: save, drop, load, check. */
  public static final class RoundTrip {
    /** Saves and loads a 200 MiB byte array in the store at {@code args[0]}. */
    public static void main(String[] args) throws IOException {
      var cas =
          new ContentStore(
              new LocalBlobStore(Path.of(args[0])),
              "F",
              Serializers.defaults(),
              Path.of(args[1]),
              ContentStore.DEFAULT_LEVEL);
      ArtifactRef ref = save(cas);
      byte[] back = (byte[]) cas.load("payload", ref, RoundTrip.class.getClassLoader());
      for (int i = 0; i < SIZE; i += 4093) {
        if (back[i] != (byte) (i * 31 + 7)) {
          throw new IllegalStateException("byte " + i + " differs");
        }
      }
      System.out.println("ok " + back.length + " " + ref.size());
    }

    private static ArtifactRef save(ContentStore cas) throws IOException {
      byte[] payload = new byte[SIZE];
      for (int i = 0; i < SIZE; i++) {
        payload[i] = (byte) (i * 31 + 7);
      }
      return cas.save("payload", payload);
    }
  }

  @Test
  void a200MibByteArrayRoundTripsInAHeapWithRoomForOneCopy() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    var command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Xmn24m", // an old generation of 232 MiB: room for one copy
            "-cp",
            System.getProperty("java.class.path"),
            RoundTrip.class.getName(),
            dir.resolve("store").toString(),
            dir.resolve("tmp").toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(output)
        .as("child output")
        .contains("ok " + SIZE + " " + SIZE)
        .doesNotContain("OutOfMemoryError");
    assertThat(p.exitValue()).isZero();
  }
}
