package dev.flowline.kubernetes.codepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.PackageStore;
import dev.flowline.kubernetes.bootstrap.CodeFetcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodePackageUploaderTest {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path tmp;
  SignedUrlStore store;
  final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  CodePackageUploader uploader;

  @BeforeEach
  void start() throws IOException {
    store = SignedUrlStore.start(tmp.resolve("store"), "s3");
    uploader =
        new CodePackageUploader(
            Duration.ofHours(2),
            new PrintStream(progress, true, StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    store.close();
  }

  String progress() {
    String s = progress.toString(StandardCharsets.UTF_8);
    progress.reset();
    return s;
  }

  List<Path> classPath() throws IOException {
    Path lib = TestJars.jar().type("org/acme/Lib").writeTo(tmp.resolve("m2/acme-lib-1.0.jar"));
    Path other =
        TestJars.jar().type("org/other/Lib").writeTo(tmp.resolve("other/acme-lib-1.0.jar"));
    Path classes =
        TestJars.jar()
            .type("com/example/HelloFlow")
            .writeToFolder(tmp.resolve("hello-app/target/classes"));
    return List.of(classes, lib, other, tmp.resolve("missing.jar"));
  }

  @Test
  void storesEachFileOnceUnderItsHashAndSignsAManifestInClassPathOrder() throws Exception {
    var ref = uploader.upload(classPath(), store);

    assertThat(ref.files())
        .extracting(CodePackageRef.CodeFile::name)
        .containsExactly("hello-app-classes.jar", "acme-lib-1.0.jar", "acme-lib-1.0-2.jar");
    for (var f : ref.files()) {
      assertThat(f.key()).isEqualTo("_flowline/packages/" + f.sha256());
      assertThat(store.exists(f.key())).isTrue();
    }
    assertThat(ref.files().get(1).sha256())
        .isEqualTo(PackageStore.sha256(tmp.resolve("m2/acme-lib-1.0.jar")));
    assertThat(ref.filesUploaded()).isEqualTo(3);
    assertThat(ref.bytesUploaded()).isEqualTo(ref.totalBytes());
    assertThat(ref.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(progress())
        .startsWith("Uploading the code package to s3://test-bucket/flowline: 3 new files (")
        .contains("  1 of 3 files uploaded", "  uploaded in ")
        .as("a line per quarter of the files, not one per file")
        .doesNotContain("acme-lib-1.0.jar");

    String manifest = new String(read(ref.manifestUrl().toString()), StandardCharsets.UTF_8);
    assertThat(ref.manifestUrl().getPath())
        .isEqualTo(
            "/o/_flowline/manifests/"
                + PackageStore.sha256(Files.writeString(tmp.resolve("m"), manifest)));
    List<String> lines = manifest.lines().toList();
    assertThat(lines.get(0)).isEqualTo(CodeFetcher.HEADER);
    assertThat(lines).hasSize(4);
    for (int i = 0; i < 3; i++) {
      var f = ref.files().get(i);
      String[] parts = lines.get(i + 1).split(" ");
      assertThat(parts).hasSize(4);
      assertThat(parts[0]).isEqualTo(f.sha256());
      assertThat(parts[1]).isEqualTo(Long.toString(f.size()));
      assertThat(parts[2]).isEqualTo(f.name());
      assertThat(parts[3]).contains("/o/" + f.key() + "?X-Expires=");
      byte[] served = read(parts[3]);
      assertThat(served).hasSize((int) f.size());
      assertThat(
              java.util.HexFormat.of()
                  .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(served)))
          .isEqualTo(f.sha256());
    }
  }

  @Test
  void aSecondUploadStoresOnlyTheNewManifestAndPrintsNothing() throws Exception {
    var classPath = classPath();
    var first = uploader.upload(classPath, store);
    progress();
    int puts = store.puts.get();
    store.existsCalls.set(0);

    var second = uploader.upload(classPath, store);

    assertThat(second.filesUploaded()).isZero();
    assertThat(second.bytesUploaded()).isZero();
    assertThat(second.files()).isEqualTo(first.files());
    assertThat(progress()).isEmpty();
    assertThat(store.puts.get() - puts).as("the manifest (its URLs are signed anew)").isOne();
    assertThat(store.existsCalls.get()).as("one exists per file").isEqualTo(3);
  }

  @Test
  void aClassFolderGivesTheSameJarForTheSameClasses() throws Exception {
    var classPath = classPath();
    var first = uploader.upload(classPath, store);
    Path flow = tmp.resolve("hello-app/target/classes/com/example/HelloFlow.class");
    Files.setLastModifiedTime(flow, FileTime.from(NOW));
    var same = uploader.upload(classPath, store);
    assertThat(same.files().get(0).sha256()).isEqualTo(first.files().get(0).sha256());

    Files.write(flow, TestJars.classFile("com/example/HelloFlow", "java/lang/String"));
    var changed = uploader.upload(classPath, store);
    assertThat(changed.files().get(0).sha256()).isNotEqualTo(first.files().get(0).sha256());
    assertThat(changed.filesUploaded()).isOne();
  }

  @Test
  void theContentHashIsComputedWithoutAStoreAndChangesOnlyWithTheClasses() throws Exception {
    var classPath = classPath();
    var first = uploader.upload(classPath, store);
    int puts = store.puts.get();
    String hash = uploader.contentHash(classPath, store.kind());
    assertThat(store.puts.get()).as("nothing stored").isEqualTo(puts);
    assertThat(hash).isEqualTo(first.contentHash()).hasSize(64);
    // a new upload signs new URLs: the same content hash
    assertThat(uploader.upload(classPath, store).contentHash()).isEqualTo(hash);

    Path flow = tmp.resolve("hello-app/target/classes/com/example/HelloFlow.class");
    Files.write(flow, TestJars.classFile("com/example/HelloFlow", "java/lang/String"));
    assertThat(uploader.contentHash(classPath, store.kind())).isNotEqualTo(hash);
  }

  @Test
  void aJarIsHashedOncePerVersionOfTheFile() throws Exception {
    var inspector = new ClassPathInspector();
    Path jar = TestJars.jar().type("a/A").writeTo(tmp.resolve("a.jar"));
    String sha = inspector.sha256(jar);
    assertThat(inspector.sha256(jar)).isEqualTo(sha);
    TestJars.jar().type("a/A").type("a/B").writeTo(jar);
    assertThat(inspector.sha256(jar)).isEqualTo(PackageStore.sha256(jar)).isNotEqualTo(sha);
  }

  @Test
  void jarsOnlyUnusedDatastoresNeedAreLeftOut() throws Exception {
    Path core =
        TestJars.jar()
            .type("dev/flowline/FlowSpec")
            .dependencies("jackson-core-2.jar")
            .writeTo(tmp.resolve("flowline-core-1.jar"));
    Path s3 =
        TestJars.jar()
            .type("dev/flowline/s3/S3")
            .datastore("s3", "aws-2.jar")
            .writeTo(tmp.resolve("flowline-s3-1.jar"));
    Path azure =
        TestJars.jar()
            .type("dev/flowline/azure/Azure")
            .datastore("azure", "azure-core-1.jar")
            .writeTo(tmp.resolve("flowline-azure-1.jar"));
    Path aws = TestJars.jar().type("software/amazon/S3").writeTo(tmp.resolve("aws-2.jar"));
    Path azureCore = TestJars.jar().type("com/azure/Core").writeTo(tmp.resolve("azure-core-1.jar"));

    var ref = uploader.upload(List.of(core, s3, azure, aws, azureCore), store);

    assertThat(ref.files())
        .extracting(CodePackageRef.CodeFile::name)
        .containsExactly("flowline-core-1.jar", "flowline-s3-1.jar", "aws-2.jar");
    assertThat(ref.leftOut()).containsExactly(azure, azureCore);
  }

  @Test
  void aStoreWithoutSignedUrlsIsRefusedBeforeAnythingIsStored() throws Exception {
    var local = new LocalBlobStore(tmp.resolve("local"));
    assertThatThrownBy(() -> uploader.upload(classPath(), local))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot upload the code package for Kubernetes: datastore 'local' at "
                + tmp.resolve("local")
                + " has no signed URLs, through which pods fetch the code. A step on Kubernetes"
                + " needs a shared datastore: use --datastore s3, azure or gs (e.g. --datastore"
                + " s3 with METAFLOW_DATASTORE_SYSROOT_S3=s3://my-bucket/flowline).");
    assertThat(tmp.resolve("local")).doesNotExist();
  }

  @Test
  void aClassPathWithNothingOnItIsRefused() {
    Path missing = tmp.resolve("gone.jar");
    assertThatThrownBy(() -> uploader.upload(List.of(missing), store))
        .hasMessage(
            "cannot upload the code package for Kubernetes: none of the 1 class path entries"
                + " exists (["
                + missing
                + "]), so a pod would have no classes to run. Launch from a JVM whose class path"
                + " holds Flowline and the flow (bin/flowline does).");
  }

  @Test
  void folderJarNamesComeFromTheNearestTellingFolder() {
    assertThat(CodePackageUploader.folderJarName(Path.of("/w/flowline-core/target/classes")))
        .isEqualTo("flowline-core-classes.jar");
    assertThat(CodePackageUploader.folderJarName(Path.of("/w/app/build/classes/java/main")))
        .isEqualTo("app-classes.jar");
    assertThat(CodePackageUploader.folderJarName(Path.of("/home/a/.cache/flowline/classes/3f2a")))
        .isEqualTo("3f2a-classes.jar");
    assertThat(CodePackageUploader.safe(".hidden lib (1).jar")).isEqualTo("_hidden_lib__1_.jar");
  }

  @Test
  void theLaunchersClassPathIsThisJvmsThenTheFlowsAndTheTtlComesFromTheConfiguration()
      throws Exception {
    Path flowClasses = tmp.resolve("flow-classes");
    List<Path> cp = CodePackageUploader.classPath(List.of(flowClasses));
    assertThat(cp).endsWith(flowClasses);
    assertThat(cp.get(0).toString())
        .isEqualTo(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);

    var settings =
        dev.flowline.config.Settings.resolve(
            dev.flowline.config.Config.load(
                new java.util.HashMap<>(
                    java.util.Map.of(
                        "METAFLOW_HOME",
                        tmp.resolve("home").toString(),
                        "METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL",
                        "3600")),
                tmp),
            dev.flowline.config.OptionCatalog.load());
    var ref = CodePackageUploader.of(settings).upload(classPath(), store);
    assertThat(ref.expiresAt())
        .isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3600));
  }

  static byte[] read(String url) throws IOException {
    try (InputStream in = java.net.URI.create(url).toURL().openStream()) {
      return in.readAllBytes();
    }
  }
}
