package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.testkit.emulator.AzuriteLauncher;
import dev.flowline.testkit.emulator.S3MockLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example flows run with {@code --datastore s3} (S3Mock) and {@code --datastore azure} (Azurite) in
 * their own processes, as a user runs them, and are read back here through the client API with
 * nothing but the datastore settings. (GCS has no HTTP emulator here: LocalStorageHelper lives
 * inside one JVM, so a run whose tasks are separate processes cannot share it.)
 */
class CloudDatastoreEndToEndTest {
  private static S3MockLauncher s3;
  private static AzuriteLauncher azurite;

  @TempDir static Path servers;
  @TempDir Path work;

  @BeforeAll
  static void startServers() throws Exception {
    s3 = S3MockLauncher.start(servers.resolve("s3"), "flowline");
    azurite = AzuriteLauncher.start();
    new com.azure.storage.blob.BlobServiceClientBuilder()
        .connectionString(azurite.connectionString())
        .buildClient()
        .createBlobContainer("flowline");
  }

  @AfterAll
  static void stopServers() {
    if (s3 != null) {
      s3.close();
    }
    if (azurite != null) {
      azurite.close();
    }
  }

  private Map<String, String> s3Settings() {
    return Map.of(
        "METAFLOW_DATASTORE_SYSROOT_S3", "s3://flowline/e2e",
        "METAFLOW_S3_ENDPOINT_URL", s3.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", "e2e",
        "AWS_SECRET_ACCESS_KEY", "e2e",
        "AWS_REGION", "us-east-1");
  }

  private Map<String, String> azureSettings() {
    return Map.of(
        "METAFLOW_DATASTORE_SYSROOT_AZURE",
        "flowline/e2e",
        "AZURE_STORAGE_CONNECTION_STRING",
        azurite.connectionString());
  }

  @Test
  void helloFlowOnS3IsReadBackFromAnotherProcess() throws Exception {
    Result r =
        flowline(
            s3Settings(),
            "dev.flowline.examples.HelloFlow",
            "run",
            "--datastore",
            "s3",
            "--name",
            "s3");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("HELLO S3");
    assertThat(work.resolve(".metaflow")).as("nothing goes to the local datastore").doesNotExist();
    try (FlowlineClient client = client(s3Settings(), "s3")) {
      Run run = client.flow("HelloFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("greeting")).isEqualTo("HELLO S3");
      assertThat(run.step("end").task().stdout()).contains("HELLO S3");
    }
  }

  @Test
  void foreachFlowOnAzureIsReadBackFromAnotherProcess() throws Exception {
    Result r =
        flowline(
            azureSettings(), "dev.flowline.examples.ForeachFlow", "run", "--datastore", "azure");
    assertThat(r.exitCode()).as(r.output()).isZero();
    try (FlowlineClient client = client(azureSettings(), "azure")) {
      Run run = client.flow("ForeachFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.steps()).hasSizeGreaterThan(3);
      assertThat(run.endTask().orElseThrow().stdout()).isNotBlank();
    }
  }

  @Test
  void defaultDatastoreComesFromTheConfiguration() throws Exception {
    var settings = new HashMap<>(azureSettings());
    settings.put("METAFLOW_DEFAULT_DATASTORE", "azure");
    Result r = flowline(settings, "dev.flowline.examples.HelloFlow", "run", "--name", "azure");
    assertThat(r.exitCode()).as(r.output()).isZero();
    try (FlowlineClient client = client(azureSettings(), "azure")) {
      assertThat(client.flow("HelloFlow").latestRun().orElseThrow().data().get("greeting"))
          .isEqualTo("HELLO AZURE");
    }
  }

  @Test
  void aMissingBucketStopsTheRunBeforeAnyTaskWithExitCode2() throws Exception {
    var settings = new HashMap<>(s3Settings());
    settings.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://no-such-bucket/e2e");
    Result r = flowline(settings, "dev.flowline.examples.HelloFlow", "run", "--datastore", "s3");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
    assertThat(r.output())
        .contains("s3 datastore s3://no-such-bucket/e2e: bucket \"no-such-bucket\" does not exist")
        .contains("Nothing was run.")
        .doesNotContain("HELLO");
  }

  @Test
  void aMissingContainerStopsTheRunWithExitCode2() throws Exception {
    var settings = new HashMap<>(azureSettings());
    settings.put("METAFLOW_DATASTORE_SYSROOT_AZURE", "no-such-container/e2e");
    Result r = flowline(settings, "dev.flowline.examples.HelloFlow", "run", "--datastore", "azure");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
    assertThat(r.output())
        .contains("container \"no-such-container\" does not exist")
        .contains("Nothing was run.");
  }

  private FlowlineClient client(Map<String, String> settings, String kind) {
    var env = new HashMap<>(settings);
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    env.put("METAFLOW_USER", "e2e");
    return FlowlineClient.open(Config.load(env, work), kind);
  }

  record Result(int exitCode, String output) {}

  /**
   * Runs the CLI in a new JVM in the test's working folder, with a clean environment plus {@code
   * settings}.
   */
  private Result flowline(Map<String, String> settings, String... args)
      throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                "dev.flowline.Flowline"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("METAFLOW_") || k.startsWith("AWS_") || k.startsWith("AZURE_"));
    pb.environment().putAll(settings);
    pb.environment().put("METAFLOW_HOME", work.resolve("home").toString());
    pb.environment().put("METAFLOW_USER", "e2e");
    Path log = work.resolve("flowline-" + System.nanoTime() + ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "flowline "
              + String.join(" ", args)
              + " did not finish in 180 s:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
