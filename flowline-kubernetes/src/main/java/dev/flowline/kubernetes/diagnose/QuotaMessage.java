package dev.flowline.kubernetes.diagnose;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ResourceQuota admission's refusal (staging/.../admission/plugin/resourcequota/controller.go):
 * {@code exceeded quota: NAME, requested: R, used: U, limited: L}, each list sorted {@code
 * key=quantity} joined by commas and holding only the resources that would be exceeded.
 *
 * @param quota the quota's name
 * @param requested what the pod asks for, by quota resource name ({@code requests.cpu})
 * @param used what the namespace already uses
 * @param limited the quota's hard limits
 */
record QuotaMessage(
    String quota,
    Map<String, String> requested,
    Map<String, String> used,
    Map<String, String> limited) {
  private static final Pattern EXCEEDED =
      Pattern.compile(
          "exceeded quota: ([^,\\s]+), requested: (.*?), used: (.*?), limited: ([^\\s]*)",
          Pattern.DOTALL);

  QuotaMessage {
    requested = Collections.unmodifiableMap(new LinkedHashMap<>(requested));
    used = Collections.unmodifiableMap(new LinkedHashMap<>(used));
    limited = Collections.unmodifiableMap(new LinkedHashMap<>(limited));
  }

  /** Reads the first "exceeded quota" clause in {@code message}; empty when there is none. */
  static Optional<QuotaMessage> parse(String message) {
    Matcher m = EXCEEDED.matcher(message);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new QuotaMessage(m.group(1), items(m.group(2)), items(m.group(3)), items(m.group(4))));
  }

  /**
   * Whether the pod asks for more of some resource than the quota allows at all (even with nothing
   * else running): then only a change can help.
   */
  boolean aboveLimit() {
    return limited.keySet().stream()
        .anyMatch(
            r ->
                amount(requested.get(r))
                    .flatMap(a -> amount(limited.get(r)).map(l -> a.compareTo(l) > 0))
                    .orElse(false));
  }

  /** The resources whose request is above the quota's limit. */
  Map<String, String> aboveLimitResources() {
    return limited.entrySet().stream()
        .filter(
            e ->
                amount(requested.get(e.getKey()))
                    .flatMap(a -> amount(e.getValue()).map(l -> a.compareTo(l) > 0))
                    .orElse(false))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  /** {@code requests.cpu=2,requests.memory=4G} as the message lists it. */
  static String show(Map<String, String> items) {
    return items.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  static Optional<BigDecimal> amount(String quantity) {
    if (quantity == null || quantity.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Quantity.getAmountInBytes(new Quantity(quantity.trim())));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> items(String list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : list.split(",")) {
      int eq = item.indexOf('=');
      if (eq > 0) {
        out.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
      }
    }
    return out;
  }
}
