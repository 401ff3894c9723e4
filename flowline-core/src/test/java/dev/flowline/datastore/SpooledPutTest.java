package dev.flowline.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpooledPutTest {
  @TempDir Path tmp;

  private final List<String> calls = new ArrayList<>();
  private final List<byte[]> uploaded = new ArrayList<>();

  private void put(byte[] data, long length) throws IOException {
    new SpooledPut(10, tmp.resolve("spool"))
        .put(
            new ByteArrayInputStream(data),
            length,
            "test store: put k",
            bytes -> {
              calls.add("bytes");
              uploaded.add(bytes);
            },
            file -> {
              calls.add("file");
              assertThat(file.getParent()).isEqualTo(tmp.resolve("spool"));
              uploaded.add(Files.readAllBytes(file));
            });
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  @Test
  void streamsUpToTheLimitGoUpFromMemoryWhetherTheLengthIsKnownOrNot() throws IOException {
    put(bytes(10), 10);
    put(bytes(10), -1);
    put(bytes(0), -1);
    assertThat(calls).containsExactly("bytes", "bytes", "bytes");
    assertThat(uploaded.get(0)).isEqualTo(bytes(10));
    assertThat(uploaded.get(1)).isEqualTo(bytes(10));
    assertThat(uploaded.get(2)).isEmpty();
  }

  @Test
  void largerStreamsAreSpooledToAFileThatIsDeletedAfterwards() throws IOException {
    put(bytes(11), 11);
    put(bytes(1000), -1);
    assertThat(calls).containsExactly("file", "file");
    assertThat(uploaded.get(0)).isEqualTo(bytes(11));
    assertThat(uploaded.get(1)).isEqualTo(bytes(1000));
    try (var left = Files.list(tmp.resolve("spool"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aStreamOfTheWrongLengthUploadsNothing() {
    assertThatThrownBy(() -> put(bytes(5), 6))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test store: put k")
        .hasMessageContaining("ended after 5 of the declared 6 bytes");
    assertThatThrownBy(() -> put(bytes(7), 6))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("longer than the declared 6 bytes");
    assertThatThrownBy(() -> put(bytes(100), 50))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("longer than the declared 50 bytes");
    assertThat(calls).isEmpty();
  }
}
