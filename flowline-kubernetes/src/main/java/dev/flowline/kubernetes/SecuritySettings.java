package dev.flowline.kubernetes;

import dev.flowline.config.InvalidValueException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The security context a step asks for. Container fields: {@code privileged}, {@code
 * allowPrivilegeEscalation}, {@code runAsUser}, {@code runAsGroup}, {@code runAsNonRoot}, {@code
 * readOnlyRootFilesystem}, {@code dropCapabilities}; pod fields: {@code fsGroup}, {@code
 * seccompProfile}. Empty means "not set".
 *
 * @param privileged run the container privileged
 * @param allowPrivilegeEscalation allow setuid and similar
 * @param runAsUser user id
 * @param runAsGroup group id
 * @param runAsNonRoot require a non-root user
 * @param readOnlyRootFilesystem mount the image read-only
 * @param dropCapabilities Linux capabilities to drop, e.g. {@code ALL}
 * @param fsGroup group owning mounted volumes (pod level)
 * @param seccompProfile {@code RuntimeDefault}, {@code Unconfined} or {@code Localhost/<profile>}
 *     (pod level)
 */
public record SecuritySettings(
    Optional<Boolean> privileged,
    Optional<Boolean> allowPrivilegeEscalation,
    Optional<Long> runAsUser,
    Optional<Long> runAsGroup,
    Optional<Boolean> runAsNonRoot,
    Optional<Boolean> readOnlyRootFilesystem,
    List<String> dropCapabilities,
    Optional<Long> fsGroup,
    Optional<String> seccompProfile) {

  static final String EXAMPLE = "\"runAsUser=1000\"";

  /** The keys accepted, camelCase as in Kubernetes; Metaflow's snake_case spellings map to them. */
  static final Map<String, String> KEYS = keys();

  /** Canonical form: immutable list. */
  public SecuritySettings {
    dropCapabilities = List.copyOf(dropCapabilities);
  }

  /** Nothing set. */
  public static SecuritySettings none() {
    return fromMap(Map.of());
  }

  /**
   * Reads {@code key -> text} entries (keys camelCase or snake_case).
   *
   * @throws InvalidValueException naming an unknown key or a bad value
   */
  public static SecuritySettings fromMap(Map<String, String> entries) {
    Map<String, String> m = new LinkedHashMap<>();
    for (var e : entries.entrySet()) {
      String key = KEYS.get(e.getKey());
      if (key == null) {
        throw new InvalidValueException(
            "has security context key \""
                + e.getKey()
                + "\" that is not supported (valid: "
                + String.join(", ", KEYS.values().stream().distinct().toList())
                + ")",
            EXAMPLE);
      }
      m.put(key, e.getValue().trim());
    }
    return new SecuritySettings(
        bool(m, "privileged"),
        bool(m, "allowPrivilegeEscalation"),
        id(m, "runAsUser"),
        id(m, "runAsGroup"),
        bool(m, "runAsNonRoot"),
        bool(m, "readOnlyRootFilesystem"),
        capabilities(m.get("dropCapabilities")),
        id(m, "fsGroup"),
        seccomp(m.get("seccompProfile")));
  }

  /** {@code over}'s fields where set, else this one's. */
  public SecuritySettings overriddenBy(SecuritySettings over) {
    return new SecuritySettings(
        over.privileged.or(() -> privileged),
        over.allowPrivilegeEscalation.or(() -> allowPrivilegeEscalation),
        over.runAsUser.or(() -> runAsUser),
        over.runAsGroup.or(() -> runAsGroup),
        over.runAsNonRoot.or(() -> runAsNonRoot),
        over.readOnlyRootFilesystem.or(() -> readOnlyRootFilesystem),
        over.dropCapabilities.isEmpty() ? dropCapabilities : over.dropCapabilities,
        over.fsGroup.or(() -> fsGroup),
        over.seccompProfile.or(() -> seccompProfile));
  }

  /** Whether any container-level field is set. */
  public boolean hasContainerFields() {
    return privileged.isPresent()
        || allowPrivilegeEscalation.isPresent()
        || runAsUser.isPresent()
        || runAsGroup.isPresent()
        || runAsNonRoot.isPresent()
        || readOnlyRootFilesystem.isPresent()
        || !dropCapabilities.isEmpty();
  }

  private static Map<String, String> keys() {
    Map<String, String> k = new LinkedHashMap<>();
    for (String c :
        List.of(
            "privileged",
            "allowPrivilegeEscalation",
            "runAsUser",
            "runAsGroup",
            "runAsNonRoot",
            "readOnlyRootFilesystem",
            "dropCapabilities",
            "fsGroup",
            "seccompProfile")) {
      k.put(c, c);
      k.put(c.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT), c);
    }
    k.put("drop", "dropCapabilities");
    return Map.copyOf(k);
  }

  private static Optional<Boolean> bool(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      return Optional.empty();
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default ->
          throw new InvalidValueException(
              "has " + key + "=" + v + " that is not true or false", "\"" + key + "=false\"");
    };
  }

  private static Optional<Long> id(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      return Optional.empty();
    }
    try {
      long id = Long.parseLong(v);
      if (id < 0 || id > 2147483647L) {
        throw new NumberFormatException();
      }
      return Optional.of(id);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(
          "has " + key + "=" + v + " that is not a user or group id (0 to 2147483647)",
          "\"" + key + "=1000\"");
    }
  }

  private static List<String> capabilities(String v) {
    if (v == null) {
      return List.of();
    }
    List<String> caps = Arrays.stream(v.split("[;\\s]+")).filter(s -> !s.isEmpty()).toList();
    for (String c : caps) {
      if (!c.matches("[A-Z_]+")) {
        throw new InvalidValueException(
            "has capability \""
                + c
                + "\" that is not a Linux capability name (upper case, e.g. ALL, NET_RAW)",
            "\"dropCapabilities=ALL\"");
      }
    }
    return caps;
  }

  private static Optional<String> seccomp(String v) {
    if (v == null) {
      return Optional.empty();
    }
    if (v.equals("RuntimeDefault") || v.equals("Unconfined") || v.matches("Localhost/[^\\s]+")) {
      return Optional.of(v);
    }
    throw new InvalidValueException(
        "has seccompProfile="
            + v
            + " (valid: RuntimeDefault, Unconfined, Localhost/<profile path>)",
        "\"seccompProfile=RuntimeDefault\"");
  }
}
