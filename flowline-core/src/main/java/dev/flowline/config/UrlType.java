package dev.flowline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** An absolute URL whose scheme is one of a fixed set. */
record UrlType(List<String> schemes, String example) implements ValueType<String> {
  UrlType {
    schemes = List.copyOf(schemes);
  }

  @Override
  public String parse(String text) {
    String t = text.trim();
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      throw new InvalidValueException("is not a URL (" + e.getReason() + ")", example);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      throw new InvalidValueException(
          "is not a "
              + String.join(" or ", schemes)
              + " URL (must start with "
              + String.join(" or ", schemes.stream().map(s -> s + "://").toList())
              + ")",
          example);
    }
    if (uri.getAuthority() == null || uri.getAuthority().isEmpty()) {
      throw new InvalidValueException("has no host or bucket after \"" + scheme + "://\"", example);
    }
    return t;
  }

  @Override
  public String describe() {
    return String.join(" or ", schemes) + " URL";
  }
}
