package dev.flowline.kubernetes.diagnose;

import java.time.Duration;

/** Durations for people: {@code 3600 s (1 h)}, {@code 90 s (1 min 30 s)}. */
final class Durations {
  private Durations() {}

  static String show(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    StringBuilder b = new StringBuilder();
    long days = s / 86400;
    long hours = s % 86400 / 3600;
    long minutes = s % 3600 / 60;
    long seconds = s % 60;
    if (days > 0) {
      b.append(days).append(" d ");
    }
    if (hours > 0) {
      b.append(hours).append(" h ");
    }
    if (minutes > 0) {
      b.append(minutes).append(" min ");
    }
    if (seconds > 0) {
      b.append(seconds).append(" s ");
    }
    return s + " s (" + b.toString().trim() + ")";
  }
}
