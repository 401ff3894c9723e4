package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCaptureTest {
  @TempDir Path dir;

  private TaskDatastore data() {
    return new TaskDatastore(
        ContentStore.of(new LocalBlobStore(dir.resolve(".metaflow")), "F"),
        new TaskPath("F", "1", "s", "1"),
        0);
  }

  private static String log(TaskDatastore data, LogStream stream) throws IOException {
    var in = data.openLog(stream);
    if (in.isEmpty()) {
      return "";
    }
    try (InputStream s = in.get()) {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void whatATaskPrintedIsSavedWhileItRunsAndAgainAtTheEnd() throws Exception {
    var data = data();
    try (var capture = LogCapture.start(1024)) {
      capture.saveWhileRunning(data);
      System.out.println("first line");
      System.err.println("a warning");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // the two streams are saved one after the other: wait for both
      while (!log(data, LogStream.STDOUT).equals("first line\n")
          || !log(data, LogStream.STDERR).equals("a warning\n")) {
        assertThat(System.nanoTime()).as("no partial logs saved in 60 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      System.out.println("second line");
      capture.save(data);
    }
    assertThat(log(data, LogStream.STDOUT)).isEqualTo("first line\nsecond line\n");
  }

  @Test
  void withoutOutputNothingIsSavedBeforeTheEnd() throws Exception {
    var data = data();
    try (var capture = LogCapture.start(1024)) {
      capture.saveWhileRunning(data);
      Thread.sleep(LogCapture.FIRST_PARTIAL_SAVE.toMillis() * 2);
      assertThat(data.openLog(LogStream.STDOUT)).isEmpty();
      capture.save(data);
    }
    assertThat(log(data, LogStream.STDOUT)).isEmpty();
  }

  @Test
  void aThreadLeftRunningByAnEarlierCaptureDoesNotWriteIntoTheNextOne() throws Exception {
    var first = data();
    var second =
        new TaskDatastore(
            ContentStore.of(new LocalBlobStore(dir.resolve(".metaflow")), "F"),
            new TaskPath("F", "1", "s", "2"),
            0);
    var stop = new java.util.concurrent.atomic.AtomicBoolean();
    var printed = new java.util.concurrent.CountDownLatch(1);
    Thread stray;
    try (var capture = LogCapture.start(1024 * 1024)) {
      stray =
          new Thread(
              () -> {
                while (!stop.get()) {
                  System.out.println("stray");
                  printed.countDown();
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      stray.start();
      printed.await();
      capture.save(first);
    }
    try (var capture = LogCapture.start(1024 * 1024)) {
      Thread.sleep(100);
      System.out.println("mine");
      capture.save(second);
    } finally {
      stop.set(true);
      stray.join();
    }
    assertThat(log(first, LogStream.STDOUT)).startsWith("stray\n");
    assertThat(log(second, LogStream.STDOUT)).isEqualTo("mine\n");
  }
}
