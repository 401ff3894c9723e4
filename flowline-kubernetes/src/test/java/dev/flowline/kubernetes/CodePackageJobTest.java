package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.codepackage.CodePackageRef;
import dev.flowline.kubernetes.codepackage.CodePackageUploader;
import dev.flowline.kubernetes.codepackage.FetcherProcess;
import dev.flowline.kubernetes.codepackage.SignedUrlStore;
import dev.flowline.kubernetes.render.JobRenderer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * The code package from the launcher's side to the pod's: a class path uploaded with {@link
 * CodePackageUploader}, a Job rendered with its manifest URL, and the Job's own container script
 * run with {@code sh -c} and the Job's environment, which decodes the fetcher with {@code base64
 * -d}, fetches the code and starts the task JVM on it (a stand-in {@code dev.flowline.Flowline}
 * that prints its arguments and class path).
 */
class CodePackageJobTest {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @TempDir Path tmp;
  SignedUrlStore store;
  CodePackageUploader uploader;

  @BeforeEach
  void start() throws IOException {
    store = SignedUrlStore.start(tmp.resolve("store"), "s3");
    uploader =
        new CodePackageUploader(
            Duration.ofHours(1),
            new PrintStream(OutputStream.nullOutputStream()),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    store.close();
  }

  @Test
  void theJobsScriptFetchesTheCodeWithTheFetcherItCarriesAndRunsTheTaskOnIt() throws Exception {
    Path flowline = fakeFlowlineJar();
    Path classes = Files.createDirectories(tmp.resolve("app/target/classes/com/example"));
    Files.writeString(classes.resolve("data.txt"), "user resource");
    CodePackageRef ref = uploader.upload(List.of(flowline, classes.getParent().getParent()), store);
    Job job =
        new JobRenderer()
            .render(Fixtures.in(tmp).codeUrl(ref.manifestUrl().toString()).kubernetes().context());

    var run =
        runContainer(
            job, Map.of("TMPDIR", Files.createDirectories(tmp.resolve("pod-tmp")).toString()));

    Path code = tmp.resolve("pod-tmp/flowline-code/code");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .isEqualTo(
            "task ran: com.example.TrainFlow step train --run-id 1234 --task-id 5 --attempt 0"
                + " --input-paths 1234/start/1\n"
                + "class path: "
                + code.resolve("flowline-fake.jar")
                + ":"
                + code.resolve("app-classes.jar")
                + "\n");
    assertThat(run.stderr())
        .contains("flowline: code package: 2 files from 127.0.0.1: 2 downloaded");
    assertThat(tmp.resolve("pod-tmp/flowline-code/fetcher.jar")).exists();
  }

  @Test
  void aClassPathTheImageOrStepSetsIsUsedWithoutFetching() throws Exception {
    Path flowline = fakeFlowlineJar();
    Job job = new JobRenderer().render(Fixtures.in(tmp).kubernetes().context());

    var run =
        runContainer(
            job,
            Map.of(
                "TMPDIR", Files.createDirectories(tmp.resolve("pod-tmp")).toString(),
                "FLOWLINE_CLASSPATH", flowline.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("task ran: com.example.TrainFlow step train");
    assertThat(tmp.resolve("pod-tmp/flowline-code")).doesNotExist();
  }

  @Test
  void aFailedFetchIsTheContainersFailure() throws Exception {
    Job job = new JobRenderer().render(Fixtures.in(tmp).kubernetes().context());

    var run =
        runContainer(job, Map.of("TMPDIR", Files.createDirectories(tmp.resolve("t")).toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("FLOWLINE_CODE_URL holds no http(s) URL");
  }

  @Test
  void theJobOfAFlowWithAThousandClassesStaysSmall() throws Exception {
    Path classes = tmp.resolve("big/target/classes");
    for (int i = 0; i < 1000; i++) {
      String name = "com/example/big/Step" + i;
      var w = new ClassWriter(0);
      w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
      w.visitField(Opcodes.ACC_PUBLIC, "value", "Ljava/lang/String;", null, null).visitEnd();
      w.visitEnd();
      Path f = classes.resolve(name + ".class");
      Files.createDirectories(f.getParent());
      Files.write(f, w.toByteArray());
    }
    List<Path> classPath = new java.util.ArrayList<>(List.of(classes));
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (e.endsWith(".jar")) {
        classPath.add(Path.of(e)); // the test's own libraries: a long manifest
      }
    }
    CodePackageRef ref = uploader.upload(classPath, store);
    String s3LikeUrl =
        "https://my-bucket.s3.eu-west-1.amazonaws.com/flowline/_flowline/packages/"
            + "a".repeat(64)
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260102T030405Z"
            + "&X-Amz-SignedHeaders=host&X-Amz-Expires=604800"
            + "&X-Amz-Credential=ASIAEXAMPLEEXAMPLE%2F20260102%2Feu-west-1%2Fs3%2Faws4_request"
            + "&X-Amz-Security-Token="
            + "T".repeat(1200)
            + "&X-Amz-Signature="
            + "f".repeat(64);
    Job job = new JobRenderer().render(Fixtures.in(tmp).codeUrl(s3LikeUrl).kubernetes().context());
    int jobBytes = SERIALIZATION.asJson(job).getBytes(StandardCharsets.UTF_8).length;
    long manifestBytes =
        store.get(ref.manifestUrl().getPath().substring("/o/".length())).readAllBytes().length;

    System.out.printf(
        "code package of a 1000-class flow: %d files, %d bytes; manifest %d bytes; Job %d bytes%n",
        ref.files().size(), ref.totalBytes(), manifestBytes, jobBytes);
    assertThat(jobBytes).as("etcd's request limit is 1.5 MiB").isLessThan(32 * 1024);
  }

  record ContainerRun(int exitCode, String stdout, String stderr) {}

  /**
   * Runs the Job's container command with the Job's literal environment plus {@code extra}, with
   * this JDK's {@code java} first on the PATH (as in a JRE image).
   */
  static ContainerRun runContainer(Job job, Map<String, String> extra) throws Exception {
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    var pb = new ProcessBuilder(container.getCommand());
    pb.environment().clear();
    for (EnvVar e : container.getEnv()) {
      if (e.getValue() != null) {
        pb.environment().put(e.getName(), e.getValue());
      }
    }
    pb.environment().putAll(extra);
    pb.environment()
        .put("PATH", Path.of(FetcherProcess.java()).getParent() + ":/usr/local/bin:/usr/bin:/bin");
    Path out = Files.createTempFile("container", ".out");
    Path err = Files.createTempFile("container", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new ContainerRun(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * A jar with a stand-in {@code dev.flowline.Flowline} that prints its arguments and class path.
   */
  Path fakeFlowlineJar() throws IOException {
    Path src = tmp.resolve("src/dev/flowline/Flowline.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        "package dev.flowline;\n"
            + "public class Flowline {\n"
            + "  public static void main(String[] args) {\n"
            + "    System.out.println(\"task ran: \" + String.join(\" \", args));\n"
            + "    System.out.println(\"class path: \" + System.getProperty(\"java.class.path\"));\n"
            + "  }\n"
            + "}\n");
    Path classes = Files.createDirectories(tmp.resolve("fake-classes"));
    var errors = new ByteArrayOutputStream();
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, errors, "--release", "17", "-d", classes.toString(), src.toString());
    assertThat(rc).as(errors.toString()).isZero();
    Path jar = tmp.resolve("lib/flowline-fake.jar");
    Files.createDirectories(jar.getParent());
    try (var zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("dev/flowline/Flowline.class"));
      zip.write(Files.readAllBytes(classes.resolve("dev/flowline/Flowline.class")));
      zip.closeEntry();
    }
    return jar;
  }
}
