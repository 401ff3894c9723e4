package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  static final ConfigOption<String> NAMESPACE =
      ConfigOption.builder("METAFLOW_TEST_NAMESPACE", ValueType.string())
          .defaultValue("default")
          .build();
  static final ConfigOption<Long> PORT =
      ConfigOption.builder("METAFLOW_TEST_PORT", ValueType.integer(1, 65535)).build();
  static final ConfigOption<List<String>> PULL_SECRETS =
      ConfigOption.builder("METAFLOW_TEST_PULL_SECRETS", ValueType.jsonStringList("[\"regcred\"]"))
          .build();
  static final ConfigOption<Map<String, String>> PVCS =
      ConfigOption.builder("METAFLOW_TEST_PVCS", ValueType.jsonStringMap("{\"c\": \"/mnt\"}"))
          .build();
  static final ConfigOption<String> TOKEN =
      ConfigOption.builder("METAFLOW_TEST_TOKEN", ValueType.nonEmptyString("\"x\""))
          .secret()
          .build();
  static final ConfigOption<String> SENSOR_NS =
      ConfigOption.builder("METAFLOW_TEST_SENSOR_NAMESPACE", ValueType.string())
          .derivedDefault(s -> s.find(NAMESPACE), "same as METAFLOW_TEST_NAMESPACE")
          .build();

  static final OptionGroup GROUP =
      new OptionGroup() {
        @Override
        public String title() {
          return "Test";
        }

        @Override
        public String description() {
          return "test options";
        }

        @Override
        public List<ConfigOption<?>> options() {
          return List.of(SENSOR_NS, NAMESPACE, PORT, PULL_SECRETS, PVCS, TOKEN);
        }
      };

  @TempDir Path tmp;

  private Settings settings(Map<String, String> env) {
    return Settings.resolve(
        Config.load(env, tmp.resolve("project/sub")), OptionCatalog.of(List.of(GROUP)));
  }

  private Path home() throws IOException {
    return Files.createDirectories(tmp.resolve("home"));
  }

  private void write(Path file, String json) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
  }

  @Test
  void defaultsApplyWhenNothingIsSet() throws IOException {
    Settings s = settings(Map.of("METAFLOW_HOME", home().toString()));
    assertThat(s.get(NAMESPACE)).isEqualTo("default");
    assertThat(s.entry(NAMESPACE).source()).isEqualTo("default");
    assertThat(s.find(PORT)).isEmpty();
    assertThat(s.entry(PORT).source()).isEqualTo("unset");
  }

  @Test
  void environmentBeatsProjectFileBeatsProfileFileBeatsDefault() throws IOException {
    Files.createDirectories(tmp.resolve("project/sub"));
    write(
        tmp.resolve("project/.metaflow/config.json"),
        "{\"METAFLOW_TEST_NAMESPACE\": \"from-project\"}");
    write(
        home().resolve("config_prod.json"),
        "{\"METAFLOW_TEST_NAMESPACE\": \"from-profile\", \"METAFLOW_TEST_PORT\": 8080}");
    write(home().resolve("config.json"), "{\"METAFLOW_TEST_PORT\": 9999}");
    var env = Map.of("METAFLOW_HOME", home().toString(), "METAFLOW_PROFILE", "prod");

    Settings fromFiles = settings(env);
    assertThat(fromFiles.get(NAMESPACE)).isEqualTo("from-project");
    assertThat(fromFiles.entry(NAMESPACE).source()).endsWith("project/.metaflow/config.json");
    assertThat(fromFiles.get(PORT)).isEqualTo(8080L);
    assertThat(fromFiles.entry(PORT).source()).endsWith("config_prod.json");

    var withEnv = new java.util.HashMap<>(env);
    withEnv.put("METAFLOW_TEST_NAMESPACE", "from-env");
    assertThat(settings(withEnv).get(NAMESPACE)).isEqualTo("from-env");
    assertThat(settings(withEnv).entry(NAMESPACE).source()).isEqualTo("env");
  }

  @Test
  void profileWithoutProfileNameReadsConfigJson() throws IOException {
    write(home().resolve("config.json"), "{\"METAFLOW_TEST_PORT\": 9999}");
    assertThat(settings(Map.of("METAFLOW_HOME", home().toString())).get(PORT)).isEqualTo(9999L);
  }

  @Test
  void listsAndObjectsMayBeNativeJsonOrJsonStringsInConfigFiles() throws IOException {
    write(
        home().resolve("config.json"),
        "{\"METAFLOW_TEST_PULL_SECRETS\": [\"a\", \"b\"], \"METAFLOW_TEST_PVCS\": \"{\\\"c\\\":"
            + " \\\"/mnt\\\"}\"}");
    Settings s = settings(Map.of("METAFLOW_HOME", home().toString()));
    assertThat(s.get(PULL_SECRETS)).containsExactly("a", "b");
    assertThat(s.get(PVCS)).containsExactly(Map.entry("c", "/mnt"));
  }

  @Test
  void derivedDefaultFollowsTheOtherOption() throws IOException {
    var env = Map.of("METAFLOW_HOME", home().toString(), "METAFLOW_TEST_NAMESPACE", "ml");
    assertThat(settings(env).get(SENSOR_NS)).isEqualTo("ml");
    assertThat(settings(env).entries().get(0).option()).isEqualTo(SENSOR_NS);
  }

  @Test
  void allProblemsAreReportedAtOnceWithSecretsMasked() throws IOException {
    var env =
        Map.of(
            "METAFLOW_HOME", home().toString(),
            "METAFLOW_TEST_PORT", "eighty",
            "METAFLOW_TEST_PULL_SECRETS", "[regcred]",
            "METAFLOW_TEST_TOKEN", " ");
    Settings s = settings(env);
    assertThat(s.problems()).hasSize(3);
    assertThatThrownBy(s::requireValid)
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("3 configuration problems:")
        .hasMessageContaining(
            "METAFLOW_TEST_PORT (from env): value \"eighty\" is not a whole number (from 1 to"
                + " 65535). Use e.g. \"60\".")
        .hasMessageContaining(
            "METAFLOW_TEST_PULL_SECRETS (from env): value \"[regcred]\" is not valid JSON")
        .hasMessageContaining("METAFLOW_TEST_TOKEN (from env): value \"****\" is empty");
  }

  @Test
  void secretValuesAreMaskedWhenShown() throws IOException {
    var env = Map.of("METAFLOW_HOME", home().toString(), "METAFLOW_TEST_TOKEN", "hunter2");
    assertThat(settings(env).entry(TOKEN).shownValue()).isEqualTo("****");
    assertThat(settings(env).get(TOKEN)).isEqualTo("hunter2");
  }

  @Test
  void duplicateKeysAcrossGroupsAreRejectedNamingBothGroups() {
    assertThatThrownBy(() -> OptionCatalog.of(List.of(GROUP, GROUP)))
        .hasMessageContaining("METAFLOW_TEST_NAMESPACE is declared by both");
  }

  @Test
  void optionsMissingFromTheCatalogResolveOnTheSpot() throws IOException {
    var extra =
        ConfigOption.builder("METAFLOW_TEST_EXTRA", ValueType.bool()).defaultValue(false).build();
    var env = Map.of("METAFLOW_HOME", home().toString(), "METAFLOW_TEST_EXTRA", "yes");
    assertThat(settings(env).get(extra)).isTrue();
    assertThat(Optional.of(1)).isPresent();
  }

  @Test
  void aValueSetOnTheCommandLineWinsOverEverySourceAndNamesItsOption() {
    var env = Map.of("METAFLOW_HOME", tmp.resolve("home").toString(), "METAFLOW_TEST_PORT", "80");
    var config = Config.load(env, tmp).withValue("METAFLOW_TEST_PORT", "8080", "--port");
    var settings = Settings.resolve(config, OptionCatalog.of(List.of(GROUP)));
    assertThat(settings.find(PORT)).contains(8080L);
    assertThat(settings.entry(PORT).source()).isEqualTo("--port");
    assertThat(Config.load(env, tmp).get("METAFLOW_TEST_PORT")).contains("80");
    var bad =
        Settings.resolve(
            Config.load(env, tmp).withValue("METAFLOW_TEST_PORT", "0", "--port"),
            OptionCatalog.of(List.of(GROUP)));
    assertThat(bad.problems())
        .singleElement()
        .extracting(Problem::subject)
        .isEqualTo("METAFLOW_TEST_PORT (from --port)");
  }
}
