package dev.flowline.bench.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of a process from {@code /proc/PID/status}. */
public final class ProcessStats {
  private ProcessStats() {}

  /**
   * Field {@code key} (e.g. {@code VmHWM}, {@code VmRSS}) of process {@code pid} in kB; -1 when
   * unknown.
   */
  public static long statusKb(String pid, String key) {
    try {
      return statusField(Files.readString(Path.of("/proc", pid, "status")), key);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Field {@code key} of a {@code /proc/PID/status} text, in kB; -1 when absent. */
  static long statusField(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key + ":")) {
        String value = line.substring(key.length() + 1).trim();
        return Long.parseLong(value.split("\\s+")[0]);
      }
    }
    return -1;
  }
}
