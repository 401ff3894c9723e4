package dev.flowline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigureShowCommandTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    var cmd =
        new ConfigureShowCommand(
            () -> Config.load(env, tmp),
            OptionCatalog::load,
            new PrintWriter(out),
            new PrintWriter(err));
    return new CommandLine(cmd).execute(args);
  }

  @Test
  void listsEveryOptionWithValueAndSource() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(home.resolve("config.json"), "{\"METAFLOW_DEFAULT_DATASTORE\": \"s3\"}");
    int code =
        run(Map.of("METAFLOW_HOME", home.toString(), "METAFLOW_DATASTORE_SYSROOT_S3", "s3://b/p"));
    assertThat(code).isEqualTo(0);
    assertThat(out.toString())
        .containsPattern("METAFLOW_DEFAULT_DATASTORE +s3 +.*config.json")
        .containsPattern("METAFLOW_DATASTORE_SYSROOT_S3 +s3://b/p +env")
        .containsPattern("METAFLOW_DEFAULT_RUNTIME_LIMIT +432000 +default")
        .containsPattern("METAFLOW_DATASTORE_SYSROOT_GS +unset");
  }

  @Test
  void jsonOutputAndExitCode2OnInvalidValues() {
    int code =
        run(
            Map.of(
                "METAFLOW_HOME", tmp.toString(),
                "METAFLOW_DEFAULT_RUNTIME_LIMIT", "10",
                "METAFLOW_DATASTORE_SYSROOT_S3", "https://user:pw@host/x"),
            "--json");
    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .contains("\"key\" : \"METAFLOW_DEFAULT_RUNTIME_LIMIT\"")
        .contains("is out of range (at least 60)")
        .doesNotContain("pw");
    assertThat(err.toString()).contains("2 configuration problems:").doesNotContain("pw@");
  }
}
