package dev.flowline.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides what may be shown of a value: options declared secret are masked entirely; values that
 * look like credentials (URLs with a password or a signed query, keys named like a password or
 * token) are masked too.
 */
public final class SecretMask {
  /** What is shown instead of a secret value. */
  public static final String MASK = "****";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          ".*(PASSWORD|PASSWD|SECRET_KEY|SECRET_ACCESS|ACCESS_KEY|TOKEN|AUTH_KEY|API_KEY|CREDENTIAL"
              + "|CONNECTION_STRING|PRIVATE_KEY|(^|_)SAS(_|$)).*");
  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  private static final Pattern SIGNED_QUERY =
      Pattern.compile("(?i)[?&](sig|signature|x-amz-signature|x-goog-signature|token|sas)=");

  private SecretMask() {}

  /** Whether a variable or key of this name probably holds a credential. */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches();
  }

  /**
   * {@code value}, masked if {@code secret}, if its name looks secret, or if it looks like a
   * credential.
   */
  public static String show(String name, String value, boolean secret) {
    if (value == null) {
      return null;
    }
    if (secret || isSecretName(name)) {
      return MASK;
    }
    if (SIGNED_QUERY.matcher(value).find()) {
      return MASK;
    }
    var m = URL_USERINFO.matcher(value);
    if (m.find()) {
      return m.replaceFirst("$1" + MASK + "@");
    }
    return value;
  }
}
