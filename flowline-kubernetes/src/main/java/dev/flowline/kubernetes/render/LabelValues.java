package dev.flowline.kubernetes.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Turns arbitrary text into label values and object names that Kubernetes accepts. */
public final class LabelValues {
  private LabelValues() {}

  /**
   * {@code text} as a label value: unchanged when valid; otherwise characters outside
   * [A-Za-z0-9_.-] become '-', ends are trimmed to alphanumerics, and text over 63 characters is
   * cut to 54 plus '-' and 8 hex digits of its SHA-256, so distinct long values stay distinct.
   */
  public static String safe(String text) {
    if (text.matches("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?") && text.length() <= 63) {
      return text;
    }
    String s =
        text.replaceAll("[^A-Za-z0-9_.-]", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    if (s.length() > 63 || !s.equals(text)) {
      String cut = s.length() > 54 ? s.substring(0, 54).replaceAll("[^A-Za-z0-9]+$", "") : s;
      return (cut.isEmpty() ? "x" : cut) + "-" + hash(text);
    }
    return s;
  }

  /**
   * A DNS-1123 label of at most {@code max} characters made of {@code parts} (lower-cased, joined
   * by '-') and a hash of {@code identity}: {@code <parts, cut to fit>-<8 hex digits>}.
   */
  public static String dnsName(String identity, int max, String... parts) {
    String base =
        String.join("-", parts)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^-+|-+$", "");
    int room = max - 9;
    if (base.length() > room) {
      base = base.substring(0, room).replaceAll("-+$", "");
    }
    return (base.isEmpty() ? "t" : base) + "-" + hash(identity);
  }

  /** The first 8 hex digits of the SHA-256 of {@code text}. */
  public static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }
}
