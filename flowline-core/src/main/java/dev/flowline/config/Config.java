package dev.flowline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raw configuration lookup in Metaflow's order: the environment variable, then {@code
 * .metaflow/config.json} in the nearest directory (walking up from the working directory) that has
 * a {@code .metaflow} folder, then {@code $METAFLOW_HOME/config.json} or {@code
 * config_$METAFLOW_PROFILE.json} ({@code METAFLOW_HOME} defaults to {@code ~/.metaflowconfig}).
 * Defaults and types are applied by typed option views on top of this.
 *
 * <p>The environment is passed in, so tests stay hermetic. Both files are read once, when loading.
 */
public final class Config {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final Path workDir;
  private final Map<String, ConfigValue> local;
  private final Map<String, ConfigValue> profile;
  private final Map<String, ConfigValue> overrides;

  private Config(
      Map<String, String> env,
      Path workDir,
      Map<String, ConfigValue> local,
      Map<String, ConfigValue> profile,
      Map<String, ConfigValue> overrides) {
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.local = local;
    this.profile = profile;
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Loads the configuration seen from {@code workDir} with environment {@code env}.
   *
   * @throws ConfigException when a config file is not a JSON object, or the profile file is missing
   */
  public static Config load(Map<String, String> env, Path workDir) {
    Path dir = workDir.toAbsolutePath().normalize();
    Map<String, ConfigValue> local = Map.of();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".metaflow"))) {
        Path file = d.resolve(".metaflow").resolve("config.json");
        if (Files.isRegularFile(file)) {
          local = readFile(file);
        }
        break;
      }
    }
    String home =
        env.getOrDefault(
            "METAFLOW_HOME",
            Path.of(System.getProperty("user.home"), ".metaflowconfig").toString());
    String profileName = env.get("METAFLOW_PROFILE");
    Map<String, ConfigValue> profile = Map.of();
    if (profileName != null && !profileName.isEmpty()) {
      Path file = Path.of(home, "config_" + profileName + ".json");
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(
            "METAFLOW_PROFILE: profile '"
                + profileName
                + "' not found: there is no "
                + file
                + ". Create it (a JSON object of METAFLOW_* keys) or unset METAFLOW_PROFILE.");
      }
      profile = readFile(file);
    } else {
      Path file = Path.of(home, "config.json");
      if (Files.isRegularFile(file)) {
        profile = readFile(file);
      }
    }
    return new Config(env, dir, local, profile, Map.of());
  }

  /**
   * This configuration with {@code key} set to {@code value} above every other source, reported as
   * coming from {@code source}: for a command-line option that stands for a key, such as {@code
   * --datastore s3} for {@code METAFLOW_DEFAULT_DATASTORE}, so that everything reading the key
   * (validation, values forwarded to pods) sees the value in use.
   */
  public Config withValue(String key, String value, String source) {
    Map<String, ConfigValue> more = new LinkedHashMap<>(overrides);
    more.put(key, new ConfigValue(key, value, source));
    return new Config(env, workDir, local, profile, more);
  }

  /**
   * The value of {@code key} (a full key, {@code METAFLOW_...}) and its source, if set anywhere.
   */
  public Optional<ConfigValue> lookup(String key) {
    ConfigValue overridden = overrides.get(key);
    if (overridden != null) {
      return Optional.of(overridden);
    }
    String fromEnv = env.get(key);
    if (fromEnv != null) {
      return Optional.of(new ConfigValue(key, fromEnv, "env"));
    }
    ConfigValue v = local.get(key);
    if (v == null) {
      v = profile.get(key);
    }
    return Optional.ofNullable(v);
  }

  /**
   * Every {@code METAFLOW_*} key set in the environment or a configuration file, with where it was
   * set ({@code env} or the file), in that order.
   */
  public List<ConfigValue> metaflowKeys() {
    var all = new java.util.ArrayList<ConfigValue>();
    env.entrySet().stream()
        .filter(e -> e.getKey().startsWith("METAFLOW_"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> all.add(new ConfigValue(e.getKey(), e.getValue(), "env")));
    all.addAll(local.values());
    all.addAll(profile.values());
    return all;
  }

  /** The value of {@code key}, if set anywhere. */
  public Optional<String> get(String key) {
    return lookup(key).map(ConfigValue::value);
  }

  /** The environment this configuration was loaded with. */
  public Map<String, String> env() {
    return env;
  }

  /** The working directory this configuration was loaded from. */
  public Path workDir() {
    return workDir;
  }

  private static Map<String, ConfigValue> readFile(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          file
              + ": not valid JSON ("
              + e.getMessage()
              + "). Fix the file: it must be a JSON object"
              + " of METAFLOW_* keys, e.g. {\"METAFLOW_KUBERNETES_NAMESPACE\": \"ml\"}.");
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(
          file
              + ": must be a JSON object of METAFLOW_* keys, e.g. {\"METAFLOW_KUBERNETES_NAMESPACE\": \"ml\"}.");
    }
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    root.fields()
        .forEachRemaining(
            e -> {
              JsonNode n = e.getValue();
              if (n.isNull()) {
                return;
              }
              String text = n.isValueNode() ? n.asText() : n.toString();
              values.put(e.getKey(), new ConfigValue(e.getKey(), text, file.toString()));
            });
    return Map.copyOf(values);
  }
}
