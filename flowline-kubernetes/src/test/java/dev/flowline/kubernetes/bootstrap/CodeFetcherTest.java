package dev.flowline.kubernetes.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.datastore.PackageStore;
import dev.flowline.kubernetes.codepackage.FetcherJar;
import dev.flowline.kubernetes.codepackage.FetcherProcess;
import dev.flowline.kubernetes.codepackage.SignedUrlStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code fetcher as the pod runs it: the jar a Job carries, in a JVM of its own, against a JDK
 * HTTP server that serves signed URLs (403 for a bad signature) and injects faults.
 */
class CodeFetcherTest {
  @TempDir Path tmp;
  SignedUrlStore store;
  Path target;

  @BeforeEach
  void start() throws IOException {
    store = SignedUrlStore.start(tmp.resolve("store"), "s3");
    target = tmp.resolve("pod").resolve("code");
  }

  @AfterEach
  void stop() {
    store.close();
  }

  /** A stored file: its manifest line is built from it. */
  record Stored(String name, String sha, byte[] bytes, String key) {}

  Stored stored(String name, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Path f = tmp.resolve("src-" + name);
    Files.write(f, bytes);
    String sha = PackageStore.sha256(f);
    String key = "_flowline/packages/" + sha;
    store.put(key, new ByteArrayInputStream(bytes), bytes.length);
    return new Stored(name, sha, bytes, key);
  }

  String manifest(List<String> lines) throws IOException {
    byte[] text =
        (CodeFetcher.HEADER + "\n" + String.join("\n", lines) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    store.put("_flowline/manifest-" + lines.hashCode(), new ByteArrayInputStream(text), -1);
    return url("_flowline/manifest-" + lines.hashCode());
  }

  String url(String key) {
    return store.signedReadUrl(key, Duration.ofMinutes(5)).orElseThrow().toString();
  }

  String line(Stored s) {
    return s.sha() + " " + s.bytes().length + " " + s.name() + " " + url(s.key());
  }

  String manifestOf(Stored... files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Stored s : files) {
      lines.add(line(s));
    }
    return manifest(lines);
  }

  @Test
  void theFetcherIsOneClassFileAndTheJobCarriesOnlyIt() throws Exception {
    Path classes =
        Path.of(CodeFetcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pkg = classes.resolve("dev/flowline/kubernetes/bootstrap");
    try (Stream<Path> files = Files.list(pkg)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as(
              "javac must emit one class file for the fetcher (no inner, anonymous or enum classes)")
          .containsExactly("CodeFetcher.class");
    }
    List<String> entries = new ArrayList<>();
    try (var zip = new ZipInputStream(new ByteArrayInputStream(FetcherJar.bytes()))) {
      for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertThat(entries).containsExactly("dev/flowline/kubernetes/bootstrap/CodeFetcher.class");
    assertThat(FetcherJar.base64().length()).as("base64 size").isLessThan(12 * 1024);
  }

  @Test
  void fetchesEveryFileChecksItsHashAndPrintsTheClassPathInManifestOrder() throws Exception {
    var a = stored("a.jar", "first");
    var b = stored("b-1.0.jar", "second");
    var c = stored("app-classes.jar", "third");
    String url = manifestOf(a, b, c);

    var run = FetcherProcess.run(tmp, url, target);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().strip())
        .isEqualTo(
            target.resolve("a.jar")
                + ":"
                + target.resolve("b-1.0.jar")
                + ":"
                + target.resolve("app-classes.jar"));
    assertThat(Files.readString(target.resolve("b-1.0.jar"))).isEqualTo("second");
    assertThat(run.stderr())
        .startsWith(
            "flowline: code package: 3 files from 127.0.0.1: 3 downloaded (0 kB), 0 already"
                + " here, in ");
    assertThat(run.stdout() + run.stderr()).doesNotContain("X-Signature");
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.jar", "b-1.0.jar", "app-classes.jar");
    }
  }

  @Test
  void filesAlreadyThereWithTheRightHashAreNotDownloadedAgain() throws Exception {
    var a = stored("a.jar", "first");
    var b = stored("b.jar", "second");
    String url = manifestOf(a, b);
    assertThat(FetcherProcess.run(tmp, url, target).exitCode()).isZero();
    Files.writeString(target.resolve("b.jar"), "secomd"); // same size, other bytes

    var again = FetcherProcess.run(tmp, url, target);

    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(store.getsOf(a.key())).isEqualTo(1);
    assertThat(store.getsOf(b.key())).isEqualTo(2);
    assertThat(Files.readString(target.resolve("b.jar"))).isEqualTo("second");
    assertThat(again.stderr()).contains("1 downloaded", "1 already here");
  }

  @Test
  void aTransientServerErrorIsRetried() throws Exception {
    var a = stored("a.jar", "first");
    String url = manifestOf(a);
    store.fail(a.key(), 503, 429);

    var run = FetcherProcess.run(tmp, url, target);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(store.getsOf(a.key())).isEqualTo(3);
    assertThat(Files.readString(target.resolve("a.jar"))).isEqualTo("first");
  }

  @Test
  void aFileWhoseBytesHashDifferentlyIsFetchedOnceMoreThenTheFetchFailsNamingBothHashes()
      throws Exception {
    var a = stored("a.jar", "first");
    var b = stored("b.jar", "second");
    String url = manifestOf(a, b);
    store.replaced.put(b.key(), "tampered".getBytes(StandardCharsets.UTF_8));

    var run = FetcherProcess.run(tmp, url, target);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(store.getsOf(b.key())).isEqualTo(2);
    Path tampered = Files.writeString(tmp.resolve("tampered"), "tampered");
    assertThat(run.stderr())
        .contains(
            "flowline: cannot fetch the code package: b.jar (from 127.0.0.1): its bytes hash to "
                + PackageStore.sha256(tampered)
                + " (8 bytes), but the manifest expects "
                + b.sha()
                + " (6 bytes), twice.")
        .contains("delete it (its key ends in the expected hash) and re-run the flow");
    assertThat(run.stdout()).isEmpty();
    assertThat(target.resolve("b.jar")).doesNotExist();
    assertThat(target.resolve(".b.jar.part")).doesNotExist();
  }

  @Test
  void aRefusedSignedUrlSaysItHasMostLikelyExpiredWithoutPrintingIt() throws Exception {
    var a = stored("a.jar", "first");
    String forged = url(a.key()).replaceAll("X-Signature=[0-9a-f]+", "X-Signature=0bad");
    String url = manifest(List.of(a.sha() + " 5 a.jar " + forged));

    var run = FetcherProcess.run(tmp, url, target);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .isEqualTo(
            "flowline: cannot fetch the code package: a.jar (from 127.0.0.1): HTTP 403 Forbidden:"
                + " the store refused the signed URL. It has most likely expired (signed URLs last"
                + " METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL, at most 7 days, and no longer than"
                + " the session credentials that signed them), or those credentials cannot read"
                + " the key. Re-run (or resume) the flow to sign new URLs.\n");
    assertThat(run.stderr()).doesNotContain("X-Signature", "0bad", "/o/");
  }

  @Test
  void aMissingObjectIsNamedWithTheFix() throws Exception {
    String sha = "0".repeat(64);
    String url = manifest(List.of(sha + " 5 gone.jar " + url("_flowline/packages/" + sha)));

    var run = FetcherProcess.run(tmp, url, target);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(
            "gone.jar (from 127.0.0.1): HTTP 404 Not Found: the object is gone from the store")
        .contains("Re-run the flow to upload it anew.");
  }

  @Test
  void aJobWithoutACodeUrlSaysWhereItComesFrom() throws Exception {
    var run =
        FetcherProcess.run(
            tmp, "(set when the run starts: its code manifest's signed URL)", target);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .startsWith(
            "flowline: cannot fetch the code package: FLOWLINE_CODE_URL holds no http(s) URL."
                + " The Kubernetes launcher sets it")
        .contains("METAFLOW_KUBERNETES_CODE_PACKAGE=image");
  }

  @Test
  void aMalformedManifestLineIsNamed() throws Exception {
    String url = manifest(List.of("abc 5 ../evil.jar http://127.0.0.1/x"));

    var run = FetcherProcess.run(tmp, url, target);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("line 2 of the code manifest from 127.0.0.1 is malformed: its hash is not 64");
    assertThat(Files.exists(tmp.resolve("pod").resolve("evil.jar"))).isFalse();
  }

  @Test
  void unsafeFileNamesAreRefused() throws Exception {
    String url = manifest(List.of("a".repeat(64) + " 5 ../evil.jar http://127.0.0.1/x"));

    var run = FetcherProcess.run(tmp, url, target);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("its file name is not a plain name");
  }

  @Test
  void messagesNeverHoldTheSignature() {
    String url = "https://b.s3.amazonaws.com/k?X-Amz-Signature=secret&X-Amz-Credential=AKIA";
    assertThat(CodeFetcher.scrub("java.io.IOException: " + url + " failed", url))
        .isEqualTo("java.io.IOException: <signed URL> failed");
    assertThat(CodeFetcher.scrub("connect to https://b.s3.amazonaws.com/k?X-Amz-Signature=x", url))
        .doesNotContain("X-Amz-Signature")
        .doesNotContain("secret");
    assertThat(CodeFetcher.host(url)).isEqualTo("b.s3.amazonaws.com");
    assertThat(Collections.frequency(List.of(CodeFetcher.host("not a url")), "a malformed URL"))
        .isOne();
  }
}
