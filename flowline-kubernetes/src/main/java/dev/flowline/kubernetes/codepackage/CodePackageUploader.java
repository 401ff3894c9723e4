package dev.flowline.kubernetes.codepackage;

import dev.flowline.config.Settings;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.CodePackage;
import dev.flowline.datastore.PackageStore;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.kubernetes.codepackage.CodePackageRef.CodeFile;
import dev.flowline.kubernetes.config.KubernetesOptions;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the code a pod needs (the flow's classes, Flowline and their libraries) to the datastore
 * and signs a manifest that the pod's {@link dev.flowline.kubernetes.bootstrap.CodeFetcher} reads.
 *
 * <p>What it does, once per run ({@link #upload}):
 *
 * <ol>
 *   <li>takes the class path entries that exist, in order, without duplicates, and leaves out what
 *       only unused datastores need ({@link DatastoreJars} has the rule);
 *   <li>stores each jar as it is, and each class folder zipped deterministically ({@link
 *       CodePackage#write}: the same classes give the same bytes), under {@code
 *       _flowline/packages/SHA256} ({@link PackageStore#shared}): keyed by content and shared by
 *       every flow and run, so Flowline's own jars are uploaded once per store and a file already
 *       there costs one {@code exists}. Jars are hashed once per JVM (by path, size and time), so
 *       keep one uploader per process;
 *   <li>writes the manifest (one line per file: SHA-256, size, file name, a signed URL valid for
 *       the TTL), stores it under {@code _flowline/manifests/SHA256} (its own prefix: a manifest is
 *       useless once its URLs expired, so a lifecycle rule may delete them) and returns its signed
 *       URL.
 * </ol>
 *
 * <p>Progress goes to the given stream (standard error) only when something is uploaded; a run
 * whose code is already stored prints nothing. A store without signed URLs (the local one) is
 * refused with a message; a step on Kubernetes needs s3, azure or gs anyway.
 *
 * <p>For the launcher: keep one uploader per process ({@link #of(Settings)}); when a run first
 * launches a step whose settings {@linkplain
 * dev.flowline.kubernetes.KubernetesStepSettings#fetchesCode() fetch code}, call {@code
 * upload(CodePackageUploader.classPath(userClassPath), store)} once, and render each of the run's
 * Jobs with {@code new TaskContext(settings, task, user,
 * Optional.of(ref.manifestUrl().toString()))}; upload again before {@link
 * CodePackageRef#expiresAt()} for Jobs started later (cheap: only a new manifest is stored).
 */
public final class CodePackageUploader {
  /** How long signed URLs last by default: 7 days, the most S3 (SigV4) and GCS (V4) allow. */
  public static final Duration DEFAULT_URL_TTL = Duration.ofDays(7);

  private static final Logger LOG = LoggerFactory.getLogger(CodePackageUploader.class);
  private static final int PARALLEL = 8;
  private static final Set<String> GENERIC_FOLDERS =
      Set.of("classes", "test-classes", "target", "build", "main", "java", "kotlin", "out", "bin");

  private final ClassPathInspector inspector = new ClassPathInspector();
  private final Duration urlTtl;
  private final PrintStream progress;
  private final Clock clock;

  /** Signed URLs for {@link #DEFAULT_URL_TTL}, progress on standard error. */
  public CodePackageUploader() {
    this(DEFAULT_URL_TTL, System.err, Clock.systemUTC());
  }

  /**
   * Signed URLs valid for {@code urlTtl}, progress of uploads on {@code progress}.
   *
   * @throws IllegalArgumentException when {@code urlTtl} is not positive
   */
  public CodePackageUploader(Duration urlTtl, PrintStream progress, Clock clock) {
    if (urlTtl.isNegative() || urlTtl.isZero()) {
      throw new IllegalArgumentException(
          "the code package URL TTL must be positive, got " + urlTtl);
    }
    this.urlTtl = urlTtl;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * An uploader whose URLs last {@code METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL} seconds, progress
   * on standard error.
   */
  public static CodePackageUploader of(Settings settings) {
    return new CodePackageUploader(
        Duration.ofSeconds(settings.get(KubernetesOptions.CODE_PACKAGE_URL_TTL)),
        System.err,
        Clock.systemUTC());
  }

  /**
   * The class path a task's pod needs: this JVM's ({@code java.class.path}: Flowline, its libraries
   * and the application), then the flow's own entries ({@code userClassPath}, e.g. the classes of a
   * flow compiled from a {@code .java} file); {@link #upload} drops duplicates.
   */
  public static List<Path> classPath(List<Path> userClassPath) {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        out.add(Path.of(e));
      }
    }
    out.addAll(userClassPath);
    return out;
  }

  /**
   * Uploads what {@code classPath} (jars and class folders, e.g. {@code java.class.path} plus the
   * flow's own class path) holds for a task on {@code store}'s datastore, and returns the
   * manifest's signed URL. Entries that do not exist are skipped, as the JVM does.
   *
   * @throws IOException naming the store and the file when the store fails, or when it has no
   *     signed URLs
   */
  public CodePackageRef upload(List<Path> classPath, BlobStore store) throws IOException {
    Instant expires = clock.instant().plus(urlTtl); // no later than the URLs signed below
    requireSignedUrls(store);
    Set<Path> entries = existing(classPath);
    var selection = DatastoreJars.select(List.copyOf(entries), store.kind(), inspector);
    if (!selection.leftOut().isEmpty()) {
      LOG.debug(
          "code package for datastore {}: left out {} jars that only other datastores need: {}",
          store.kind(),
          selection.leftOut().size(),
          selection.leftOut());
    }
    var shared = PackageStore.shared(store);
    Path scratch = Files.createTempDirectory("flowline-code-");
    ExecutorService pool =
        Executors.newFixedThreadPool(
            PARALLEL,
            r -> {
              Thread t = new Thread(r, "flowline-code-upload");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Prepared> files = prepare(selection.kept(), scratch);
      List<Boolean> present =
          all(
              pool,
              files.stream()
                  .map(f -> (Callable<Boolean>) () -> shared.contains(f.ref(shared)))
                  .toList());
      List<Prepared> missing = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        if (!present.get(i)) {
          missing.add(files.get(i));
        }
      }
      long uploaded = upload(missing, shared, store, pool);
      List<URI> urls =
          all(
              pool,
              files.stream()
                  .map(f -> (Callable<URI>) () -> sign(store, f.ref(shared).key()))
                  .toList());
      List<CodeFile> codeFiles = files.stream().map(f -> f.file(shared)).toList();
      Path manifest = scratch.resolve("manifest.txt");
      Files.writeString(manifest, CodeManifest.text(codeFiles, urls), StandardCharsets.UTF_8);
      String manifestKey = StoreLayout.codeManifest(PackageStore.sha256(manifest));
      store.put(manifestKey, manifest);
      return new CodePackageRef(
          sign(store, manifestKey),
          expires,
          codeFiles,
          selection.leftOut(),
          missing.size(),
          uploaded);
    } finally {
      pool.shutdownNow();
      deleteTree(scratch);
    }
  }

  /**
   * The content hash ({@link CodePackageRef#contentHash()}) of the package {@link #upload} would
   * store for {@code classPath} on a datastore of kind {@code datastoreKind}, computed without any
   * store: {@code argo-workflows diff} compares it with the hash a deployment was created with.
   *
   * @throws IOException when no class path entry exists or a file cannot be read
   */
  public String contentHash(List<Path> classPath, String datastoreKind) throws IOException {
    var selection =
        DatastoreJars.select(List.copyOf(existing(classPath)), datastoreKind, inspector);
    Path scratch = Files.createTempDirectory("flowline-code-");
    try {
      return CodePackageRef.contentHash(
          prepare(selection.kept(), scratch).stream()
              .map(f -> new CodeFile(f.name(), f.sha256(), f.size(), "", f.source()))
              .toList());
    } finally {
      deleteTree(scratch);
    }
  }

  /** The entries of {@code classPath} that exist, absolute, without duplicates. */
  private static Set<Path> existing(List<Path> classPath) throws IOException {
    Set<Path> entries = new LinkedHashSet<>();
    for (Path p : classPath) {
      Path abs = p.toAbsolutePath().normalize();
      if (Files.exists(abs)) {
        entries.add(abs);
      }
    }
    if (entries.isEmpty()) {
      throw new IOException(
          "cannot upload the code package for Kubernetes: none of the "
              + classPath.size()
              + " class path entries exists ("
              + classPath
              + "), so a pod would have no classes to run. Launch from a JVM whose class path holds"
              + " Flowline and the flow (bin/flowline does).");
    }
    return entries;
  }

  /** A file ready to upload: its name in the pod, the bytes to store, its hash and origin. */
  private record Prepared(String name, Path bytes, String sha256, long size, Path source) {
    PackageStore.PackageRef ref(PackageStore shared) {
      return shared.ref(sha256, size);
    }

    CodeFile file(PackageStore shared) {
      return new CodeFile(name, sha256, size, ref(shared).key(), source);
    }
  }

  private List<Prepared> prepare(List<Path> entries, Path scratch) throws IOException {
    List<Prepared> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path e : entries) {
      if (Files.isDirectory(e)) {
        String name = unique(folderJarName(e), names);
        Path jar = scratch.resolve(name);
        CodePackage.write(List.of(e), jar);
        out.add(new Prepared(name, jar, PackageStore.sha256(jar), Files.size(jar), e));
      } else {
        String name = unique(safe(e.getFileName().toString()), names);
        out.add(new Prepared(name, e, inspector.sha256(e), Files.size(e), e));
      }
    }
    return out;
  }

  private long upload(
      List<Prepared> missing, PackageStore shared, BlobStore store, ExecutorService pool)
      throws IOException {
    if (missing.isEmpty()) {
      return 0;
    }
    long bytes = missing.stream().mapToLong(Prepared::size).sum();
    long started = System.nanoTime();
    progress.printf(
        "Uploading the code package to %s: %d new file%s (%s)...%n",
        store.root(), missing.size(), missing.size() == 1 ? "" : "s", megabytes(bytes));
    var done = new java.util.concurrent.atomic.AtomicInteger();
    int step = Math.max(1, missing.size() / 4);
    all(
        pool,
        missing.stream()
            .map(
                f ->
                    (Callable<Void>)
                        () -> {
                          shared.upload(f.ref(shared), f.bytes());
                          int n = done.incrementAndGet();
                          // a line per quarter, not per file: quiet but alive on a slow link
                          if (n % step == 0 && n < missing.size()) {
                            progress.printf("  %d of %d files uploaded%n", n, missing.size());
                          }
                          return null;
                        })
            .toList());
    progress.printf(
        "  uploaded in %.1f s; later runs upload only what changed%n",
        (System.nanoTime() - started) / 1e9);
    return bytes;
  }

  private URI sign(BlobStore store, String key) throws IOException {
    return store.signedReadUrl(key, urlTtl).orElseThrow(() -> new IOException(noSignedUrls(store)));
  }

  private void requireSignedUrls(BlobStore store) throws IOException {
    if (store.signedReadUrl(StoreLayout.sharedCodePackage("0".repeat(64)), urlTtl).isEmpty()) {
      throw new IOException(noSignedUrls(store));
    }
  }

  private static String noSignedUrls(BlobStore store) {
    return "cannot upload the code package for Kubernetes: datastore '"
        + store.kind()
        + "' at "
        + store.root()
        + " has no signed URLs, through which pods fetch the code. A step on Kubernetes needs a"
        + " shared datastore: use --datastore s3, azure or gs (e.g. --datastore s3 with"
        + " METAFLOW_DATASTORE_SYSROOT_S3=s3://my-bucket/flowline).";
  }

  /** Runs {@code tasks} on {@code pool}; their results in order, or the first failure. */
  private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) throws IOException {
    List<Future<T>> futures = new ArrayList<>();
    tasks.forEach(t -> futures.add(pool.submit(t)));
    List<T> out = new ArrayList<>();
    try {
      for (Future<T> f : futures) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading the code package", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IllegalStateException("uploading the code package failed", e.getCause());
    }
    return out;
  }

  /**
   * The jar name of a class folder: the nearest enclosing folder with a telling name, e.g. {@code
   * flowline-core-classes.jar} for {@code flowline-core/target/classes}.
   */
  static String folderJarName(Path folder) {
    for (Path p = folder; p != null && p.getFileName() != null; p = p.getParent()) {
      String name = p.getFileName().toString();
      if (!GENERIC_FOLDERS.contains(name.toLowerCase(Locale.ROOT))) {
        return safe(name + "-classes.jar");
      }
    }
    return "classes.jar";
  }

  /** {@code name} as a plain file name of {@code [A-Za-z0-9._+-]}, not starting with a dot. */
  static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._+-]", "_");
    return s.startsWith(".") ? "_" + s.substring(1) : s;
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    int dot = name.endsWith(".jar") ? name.length() - 4 : name.length();
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = name.substring(0, dot) + "-" + n + name.substring(dot);
    }
    return candidate;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete the scratch folder {}: {}", dir, e.toString());
    }
  }
}
