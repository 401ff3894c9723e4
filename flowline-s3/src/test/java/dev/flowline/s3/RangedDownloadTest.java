package dev.flowline.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangedDownloadTest {
  @TempDir Path tmp;

  private final byte[] object = new byte[1_000_003];
  private final List<String> ranges = new CopyOnWriteArrayList<>();

  RangedDownloadTest() {
    new Random(7).nextBytes(object);
  }

  private InputStream range(long from, long to) {
    ranges.add(from + "-" + to);
    return new ByteArrayInputStream(object, (int) from, (int) (to - from + 1));
  }

  private byte[] download(RangedDownload download) throws IOException {
    Path file = tmp.resolve("out.bin");
    Files.deleteIfExists(file);
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      download.into(out);
    }
    return Files.readAllBytes(file);
  }

  @Test
  void writesEveryPartAtItsOffsetWhateverTheNumberOfThreads() throws IOException {
    for (int threads : new int[] {1, 3, 8}) {
      ranges.clear();
      byte[] got =
          download(new RangedDownload(object.length, 100_000, threads, this::range, "test get k"));
      assertThat(got).isEqualTo(object);
      assertThat(ranges).hasSize(11).contains("0-99999", "1000000-1000002");
    }
  }

  @Test
  void anEmptyObjectOpensNoRange() throws IOException {
    assertThat(download(new RangedDownload(0, 100, 4, this::range, "test get k"))).isEmpty();
    assertThat(ranges).isEmpty();
  }

  @Test
  void theFirstFailureIsThrownAndNoFurtherPartStarts() {
    RangedDownload.RangeOpener failing =
        (from, to) -> {
          if (from == 300_000) {
            throw new IOException("test get k: part at 300000 failed");
          }
          return range(from, to);
        };
    assertThatThrownBy(
            () -> download(new RangedDownload(object.length, 100_000, 1, failing, "test get k")))
        .isInstanceOf(IOException.class)
        .hasMessage("test get k: part at 300000 failed");
    assertThat(ranges).containsExactly("0-99999", "100000-199999", "200000-299999");
    assertThatThrownBy(
            () -> download(new RangedDownload(object.length, 100_000, 4, failing, "test get k")))
        .isInstanceOf(IOException.class)
        .hasMessage("test get k: part at 300000 failed");
  }

  @Test
  void aRangeThatEndsEarlyFailsTheDownload() {
    RangedDownload.RangeOpener truncated =
        (from, to) -> new ByteArrayInputStream(object, (int) from, (int) (to - from));
    assertThatThrownBy(
            () -> download(new RangedDownload(object.length, 100_000, 2, truncated, "test get k")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("test get k: got ")
        .hasMessageContaining("of 1000003 bytes");
  }
}
