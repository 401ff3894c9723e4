package dev.flowline.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Handles Ctrl-C (SIGINT) and SIGTERM while a run is going: runs the clean shutdown (stop the
 * tasks, mark the run failed), then exits with code 1, a failed run (design.md), instead of the
 * JVM's 130 or 143. Where the JVM does not let a signal be handled (e.g. {@code -Xrs}), the
 * runtime's shutdown hook still does the clean shutdown, with the JVM's exit code.
 */
final class InterruptSignals implements AutoCloseable {
  /** The exit code of an interrupted run: a failed run. */
  static final int EXIT_CODE = 1;

  private record Installed(Signal signal, SignalHandler previous) {}

  private final List<Installed> installed = new ArrayList<>();

  private InterruptSignals() {}

  /** Handles SIGINT and SIGTERM with {@code shutdown} followed by {@code System.exit(1)}. */
  static InterruptSignals install(Runnable shutdown) {
    return install(shutdown, System::exit);
  }

  /** Handles SIGINT and SIGTERM with {@code shutdown} followed by {@code exit.accept(1)}. */
  static InterruptSignals install(Runnable shutdown, IntConsumer exit) {
    var signals = new InterruptSignals();
    SignalHandler handler =
        s -> {
          shutdown.run();
          exit.accept(EXIT_CODE);
        };
    for (String name : List.of("INT", "TERM")) {
      try {
        var signal = new Signal(name);
        signals.installed.add(new Installed(signal, Signal.handle(signal, handler)));
      } catch (IllegalArgumentException e) {
        // the JVM keeps this signal (e.g. -Xrs): the shutdown hook handles it
      }
    }
    return signals;
  }

  /** Restores the previous handlers. */
  @Override
  public void close() {
    for (Installed i : installed) {
      Signal.handle(i.signal(), i.previous());
    }
    installed.clear();
  }
}
