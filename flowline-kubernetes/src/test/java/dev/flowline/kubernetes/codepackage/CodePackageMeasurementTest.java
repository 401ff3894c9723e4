package dev.flowline.kubernetes.codepackage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers for docs/benchmarks.md, on a real class path (off unless asked for): what an s3 run
 * uploads, how long uploads take cold and warm, and how long the pod's fetcher takes cold (empty
 * folder) and warm (every file present) from a local HTTP server.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests package dependency:build-classpath -pl flowline-examples -am \
 *     -Dmdep.outputFile=target/flowline-deps.classpath -DincludeScope=runtime
 * ./mvnw -B -q -pl flowline-kubernetes -am verify -Dtest=CodePackageMeasurementTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dflowline.codepackage.classpath=$PWD/flowline-examples/target/flowline-deps.classpath \
 *     -Dflowline.codepackage.extra=$PWD/flowline-examples/target/flowline-examples-0.1.0-SNAPSHOT.jar \
 *     -Dflowline.codepackage.flow=dev.flowline.examples.HelloFlow
 * </pre>
 *
 * <p>With {@code flowline.codepackage.flow}, that flow is also run (locally) on the class path the
 * fetcher prints for an s3 task, to show that the jars left out are not needed.
 */
@EnabledIfSystemProperty(named = "flowline.codepackage.classpath", matches = ".+")
class CodePackageMeasurementTest {
  static final int RUNS = 5;

  @TempDir Path tmp;

  @Test
  void measure() throws Exception {
    List<Path> classPath = new ArrayList<>();
    String extra = System.getProperty("flowline.codepackage.extra", "");
    if (!extra.isBlank()) {
      classPath.add(Path.of(extra));
    }
    String text = Files.readString(Path.of(System.getProperty("flowline.codepackage.classpath")));
    Arrays.stream(text.strip().split(File.pathSeparator)).map(Path::of).forEach(classPath::add);
    long all = 0;
    for (Path p : classPath) {
      all += Files.isRegularFile(p) ? Files.size(p) : 0;
    }
    System.out.printf(
        Locale.ROOT, "class path: %d entries, %.1f MB of jars%n", classPath.size(), all / 1e6);

    for (String kind : List.of("s3", "azure", "gs")) {
      try (var store = SignedUrlStore.start(tmp.resolve("store-" + kind), kind)) {
        var uploader =
            new CodePackageUploader(
                CodePackageUploader.DEFAULT_URL_TTL,
                new PrintStream(OutputStream.nullOutputStream()),
                Clock.systemUTC());
        long t0 = System.nanoTime();
        var ref = uploader.upload(classPath, store);
        long cold = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        var again = uploader.upload(classPath, store);
        long warm = (System.nanoTime() - t0) / 1_000_000;
        long leftOutBytes = 0;
        for (Path p : ref.leftOut()) {
          leftOutBytes += Files.isRegularFile(p) ? Files.size(p) : 0;
        }
        System.out.printf(
            Locale.ROOT,
            "datastore %s: %d files, %.1f MB uploaded in %d ms (hash + store); again: %d files"
                + " uploaded, %d ms; left out %d entries, %.1f MB%n",
            kind,
            ref.files().size(),
            ref.bytesUploaded() / 1e6,
            cold,
            again.filesUploaded(),
            warm,
            ref.leftOut().size(),
            leftOutBytes / 1e6);
        if (kind.equals("s3")) {
          ref.leftOut().forEach(p -> System.out.println("  left out: " + p.getFileName()));
          fetch(again, tmp.resolve("pods"));
        }
        assertThat(again.filesUploaded()).isZero();
      }
    }
  }

  private void fetch(CodePackageRef ref, Path pods) throws Exception {
    List<Long> cold = new ArrayList<>();
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      Path target = pods.resolve("pod-" + i);
      var first = FetcherProcess.run(tmp, ref.manifestUrl().toString(), target);
      assertThat(first.exitCode()).as(first.stderr()).isZero();
      cold.add(first.millis());
      var second = FetcherProcess.run(tmp, ref.manifestUrl().toString(), target);
      assertThat(second.exitCode()).as(second.stderr()).isZero();
      warm.add(second.millis());
      if (i == 0) {
        System.out.print("  cold: " + first.stderr());
        System.out.print("  warm: " + second.stderr());
        String flow = System.getProperty("flowline.codepackage.flow", "");
        if (!flow.isBlank()) {
          runFlow(flow, first.stdout().strip());
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "fetcher (JVM start to exit, %d runs): cold median %d ms %s, warm median %d ms %s%n",
        RUNS,
        median(cold),
        cold,
        median(warm),
        warm);
  }

  /**
   * Runs {@code flow} locally on the fetched class path (what an s3 task gets): whatever the left
   * out jars held, a flow must still start and run without them.
   */
  private void runFlow(String flow, String classPath) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("run"));
    var pb =
        new ProcessBuilder(
                FetcherProcess.java(), "-cp", classPath, "dev.flowline.Flowline", flow, "run")
            .directory(work.toFile())
            .redirectErrorStream(true);
    pb.environment().put("METAFLOW_HOME", work.resolve("home").toString());
    pb.environment().remove("FLOWLINE_CLASSPATH");
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int rc = p.waitFor();
    System.out.println("  " + flow + " run on the fetched class path: exit " + rc);
    out.lines()
        .skip(Math.max(0, out.lines().count() - 3))
        .forEach(l -> System.out.println("    " + l));
    assertThat(rc).as(out).isZero();
  }

  private static long median(List<Long> values) {
    var sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
