package dev.flowline.kubernetes.config;

import dev.flowline.config.InvalidValueException;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' own naming and value rules, checked before anything is submitted. Each check throws
 * an {@link InvalidValueException} whose message follows the offending value and names the rule,
 * and whose example is a valid value.
 */
public final class KubernetesRules {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  /** Prefix of the labels and annotations Flowline sets itself; users may not set keys under it. */
  public static final String SYSTEM_PREFIX = "flowline.dev/";

  private KubernetesRules() {}

  /** A DNS-1123 label: at most 63 lower-case letters, digits and '-', alphanumeric at both ends. */
  public static String dnsLabel(String what, String value, String example) {
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      throw new InvalidValueException(
          "is not a valid "
              + what
              + " (a DNS-1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending"
              + " alphanumeric"
              + (value.length() > 63 ? "; it has " + value.length() : "")
              + ")",
          example);
    }
    return value;
  }

  /** A DNS-1123 subdomain: at most 253 characters, dot-separated DNS labels. */
  public static String dnsSubdomain(String what, String value, String example) {
    if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new InvalidValueException(
          "is not a valid "
              + what
              + " (a DNS-1123 subdomain: at most 253 characters of a-z, 0-9, '-' and '.', starting"
              + " and ending alphanumeric)",
          example);
    }
    return value;
  }

  /**
   * A label or annotation key: an optional DNS-subdomain prefix (at most 253) and '/', then a name
   * of at most 63 characters of [A-Za-z0-9_.-] starting and ending alphanumeric. Keys under {@link
   * #SYSTEM_PREFIX} are reserved.
   */
  public static String labelKey(String kind, String key, String example) {
    int slash = key.lastIndexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    String rule =
        " is not a valid "
            + kind
            + " key (an optional DNS-subdomain prefix of at most 253 characters and '/', then a"
            + " name of at most 63 characters of [A-Za-z0-9_.-], starting and ending alphanumeric)";
    if (slash >= 0
        && (prefix.isEmpty()
            || prefix.length() > 253
            || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
      throw new InvalidValueException(
          "has key \"" + key + "\" whose prefix \"" + prefix + "\"" + rule, example);
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
      throw new InvalidValueException("has key \"" + key + "\" that" + rule, example);
    }
    boolean reserved = (key + "/").startsWith(SYSTEM_PREFIX) || key.startsWith(SYSTEM_PREFIX);
    if (reserved && (kind.equals("label") || kind.equals("annotation"))) {
      throw new InvalidValueException(
          "has key \""
              + key
              + "\" under \""
              + SYSTEM_PREFIX
              + "\", which Flowline reserves for its own "
              + kind
              + "s",
          example);
    }
    return key;
  }

  /**
   * A label value: empty, or at most 63 characters of [A-Za-z0-9_.-] starting and ending
   * alphanumeric.
   */
  public static String labelValue(String key, String value, String example) {
    if (!value.isEmpty() && (value.length() > 63 || !QUALIFIED_NAME.matcher(value).matches())) {
      throw new InvalidValueException(
          "has value \""
              + value
              + "\" for key \""
              + key
              + "\" that is not a valid label value (at most 63 characters of [A-Za-z0-9_.-],"
              + " starting and ending alphanumeric)",
          example);
    }
    return value;
  }

  /**
   * A resource quantity such as {@code 1}, {@code 500m}, {@code 250u}, {@code 2Gi}, {@code 1e3},
   * read by fabric8's {@link Quantity} (every suffix Kubernetes accepts), not negative.
   */
  public static String quantity(String what, String value, String example) {
    if (amount(value).filter(a -> a.signum() >= 0).isEmpty()) {
      throw new InvalidValueException(
          "is not a valid " + what + " (a Kubernetes quantity such as 1, 500m, 2Gi)", example);
    }
    return value;
  }

  /**
   * A CPU amount in cores ({@code 2}, {@code 0.5}) or any Kubernetes quantity of cores ({@code
   * 500m}, {@code 500000u}), greater than 0 and not finer than a millicore.
   */
  public static BigDecimal cpu(String text) {
    BigDecimal cores =
        amount(text.trim())
            .orElseThrow(
                () ->
                    new InvalidValueException(
                        "is not a CPU amount (cores such as 2 or 0.5, or millicores such as 500m)",
                        "\"2\""));
    if (cores.signum() <= 0) {
      throw new InvalidValueException(
          "is not greater than 0 (a CPU amount must be positive)", "\"1\"");
    }
    cores = cores.stripTrailingZeros();
    if (cores.scale() > 3) {
      throw new InvalidValueException(
          "is finer than a millicore (at most 3 decimals, e.g. 0.125 or 125m)", "\"0.125\"");
    }
    return cores.scale() < 0 ? cores.setScale(0) : cores;
  }

  /**
   * A factor memory is multiplied by after an OOM kill: a decimal number greater than 1 (else the
   * memory would not grow) and at most 10 (more is almost certainly a typo), e.g. {@code 1.5}.
   */
  public static BigDecimal memoryFactor(String text) {
    BigDecimal factor;
    try {
      factor = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidValueException(
          "is not a decimal number (a memory factor such as 1.5)", "\"1.5\"");
    }
    if (factor.compareTo(BigDecimal.ONE) <= 0 || factor.compareTo(BigDecimal.TEN) > 0) {
      throw new InvalidValueException(
          "is out of range (a memory factor is greater than 1, so that memory grows, and at most"
              + " 10)",
          "\"1.5\"");
    }
    return factor.stripTrailingZeros().scale() < 0
        ? factor.setScale(0)
        : factor.stripTrailingZeros();
  }

  /** The amount of a Kubernetes quantity, empty when fabric8's {@link Quantity} cannot read it. */
  private static Optional<BigDecimal> amount(String text) {
    if (text.isEmpty() || text.contains(" ")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Quantity.getAmountInBytes(Quantity.parse(text)));
    } catch (IllegalArgumentException | ArithmeticException e) {
      // NumberFormatException is an IllegalArgumentException: the text is not a quantity
      return Optional.empty();
    }
  }

  /** An absolute path without '..' segments, as used for mount paths. */
  public static String absolutePath(String what, String value, String example) {
    if (!value.startsWith("/")
        || value.contains("/../")
        || value.endsWith("/..")
        || value.contains(":")) {
      throw new InvalidValueException(
          "is not a valid " + what + " (an absolute path such as /mnt/data, without '..' or ':')",
          example);
    }
    return value;
  }
}
