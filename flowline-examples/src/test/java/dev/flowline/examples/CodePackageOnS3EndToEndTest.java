package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Config;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.Datastores;
import dev.flowline.kubernetes.bootstrap.CodeFetcher;
import dev.flowline.kubernetes.codepackage.CodePackageRef;
import dev.flowline.kubernetes.codepackage.CodePackageUploader;
import dev.flowline.kubernetes.codepackage.FetcherJar;
import dev.flowline.testkit.emulator.S3MockLauncher;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * The code package on S3 (S3Mock), as a pod of an s3 run gets it: the examples' runtime class path
 * uploaded by {@link CodePackageUploader} through the S3 store (presigned URLs from the AWS SDK),
 * fetched by the {@link CodeFetcher} the Job carries in a JVM of its own, and HelloFlow run with
 * {@code --datastore s3} on exactly the class path the fetcher printed, which holds neither the
 * Azure nor the Google Cloud modules.
 */
class CodePackageOnS3EndToEndTest {
  private static S3MockLauncher s3;

  @TempDir static Path servers;
  @TempDir Path work;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3MockLauncher.start(servers.resolve("s3"), "flowline");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private Map<String, String> s3Settings() {
    return Map.of(
        "METAFLOW_DATASTORE_SYSROOT_S3", "s3://flowline/code",
        "METAFLOW_S3_ENDPOINT_URL", s3.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", "e2e",
        "AWS_SECRET_ACCESS_KEY", "e2e",
        "AWS_REGION", "us-east-1");
  }

  @Test
  void helloFlowRunsOnS3FromTheFetchedCodePackage() throws Exception {
    var env = new HashMap<>(s3Settings());
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    var progress = new ByteArrayOutputStream();
    CodePackageRef ref;
    try (BlobStore store = Datastores.open("s3", Config.load(env, work))) {
      var uploader =
          new CodePackageUploader(
              Duration.ofHours(1),
              new PrintStream(progress, true, StandardCharsets.UTF_8),
              Clock.systemUTC());
      ref = uploader.upload(runtimeClassPath(), store);
      assertThat(progress.toString(StandardCharsets.UTF_8))
          .startsWith("Uploading the code package to s3://flowline/code: ");
      assertThat(uploader.upload(runtimeClassPath(), store).filesUploaded()).isZero();
    }
    assertThat(ref.leftOut())
        .extracting(p -> p.toString())
        .anyMatch(p -> p.contains("flowline-azure"))
        .anyMatch(p -> p.contains("flowline-gcs"))
        .anyMatch(p -> p.contains("azure-storage-blob"));
    assertThat(ref.manifestUrl().getQuery()).contains("X-Amz-Signature=");

    Path fetcher = Files.write(work.resolve("fetcher.jar"), FetcherJar.bytes());
    Run fetch =
        run(
            Map.of(),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            fetcher.toString(),
            CodeFetcher.class.getName(),
            ref.manifestUrl().toString(),
            work.resolve("pod/code").toString());
    assertThat(fetch.exitCode()).as(fetch.stderr()).isZero();
    assertThat(fetch.stderr()).contains(ref.files().size() + " downloaded");
    String classPath = fetch.stdout().strip();
    assertThat(classPath.split(File.pathSeparator)).hasSize(ref.files().size());
    assertThat(classPath).doesNotContain("azure").doesNotContain("google-cloud");

    Run hello =
        run(
            s3Settings(),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-cp",
            classPath,
            "dev.flowline.Flowline",
            "dev.flowline.examples.HelloFlow",
            "run",
            "--datastore",
            "s3",
            "--name",
            "pod");
    assertThat(hello.exitCode()).as(hello.stdout() + hello.stderr()).isZero();
    assertThat(hello.stdout() + hello.stderr()).contains("HELLO POD");
  }

  /** The examples' runtime class path, as bin/flowline records it, and their own classes. */
  private static List<Path> runtimeClassPath() throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(Path.of(System.getProperty("flowline.classes")));
    String file = Files.readString(Path.of(System.getProperty("flowline.runtime.classpath.file")));
    for (String e : file.strip().split(File.pathSeparator)) {
      out.add(Path.of(e));
    }
    return out;
  }

  record Run(int exitCode, String stdout, String stderr) {}

  private Run run(Map<String, String> settings, String... command) throws Exception {
    var pb = new ProcessBuilder(command).directory(work.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("METAFLOW_")
                    || k.startsWith("AWS_")
                    || k.startsWith("AZURE_")
                    || k.equals("FLOWLINE_CLASSPATH"));
    pb.environment().putAll(settings);
    pb.environment().put("METAFLOW_HOME", work.resolve("home").toString());
    pb.environment().put("METAFLOW_USER", "e2e");
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 180 s");
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
