package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class InterruptSignalsTest {
  @Test
  void sigtermRunsTheCleanShutdownThenExitsWithOne() throws Exception {
    var shutDown = new AtomicBoolean();
    var exitCode = new CompletableFuture<Integer>();
    try (var signals =
        InterruptSignals.install(() -> shutDown.set(true), code -> exitCode.complete(code))) {
      Signal.raise(new Signal("TERM"));
      assertThat(exitCode.get(60, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(shutDown).isTrue();
  }
}
