package dev.flowline.client;

import static dev.flowline.client.ClientContext.io;

import dev.flowline.config.Config;
import dev.flowline.config.UserName;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.CodePackage;
import dev.flowline.datastore.Datastores;
import dev.flowline.datastore.PackageStore;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.metadata.MetadataStore;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Entry point for reading past runs, like Metaflow's client; works from JShell:
 *
 * <pre>{@code
 * var client = FlowlineClient.fromEnvironment();
 * client.flow("HelloFlow").latestSuccessfulRun().orElseThrow().data().get("greeting");
 * client.task("HelloFlow/1764236056123456789/start/1").stdout();
 * }</pre>
 *
 * <p>The store comes from the configuration ({@code METAFLOW_DEFAULT_DATASTORE} and its root). Like
 * Metaflow, the client sees only runs in its namespace, by default {@code user:NAME} of the current
 * user; {@link #withNamespace withNamespace(null)} sees every run. Artifacts of the flow's own
 * types need the flow's classes: pass its class loader with {@link #withClassLoader}. Objects are
 * not thread-safe and cache what they read; ask again for fresh state. Store failures surface as
 * {@link java.io.UncheckedIOException}.
 */
public final class FlowlineClient implements AutoCloseable {
  private final ClientContext ctx;
  private final boolean ownsStore;

  private FlowlineClient(ClientContext ctx, boolean ownsStore) {
    this.ctx = ctx;
    this.ownsStore = ownsStore;
  }

  /** A client on the store configured by the process environment and working directory. */
  public static FlowlineClient fromEnvironment() {
    return open(Config.load(System.getenv(), Path.of("").toAbsolutePath()), null);
  }

  /**
   * A client on the store chosen by {@code datastoreKind} (or the configured default when {@code
   * null}), in the namespace of the configured user.
   */
  public static FlowlineClient open(Config config, String datastoreKind) {
    BlobStore store = io(() -> Datastores.open(datastoreKind, config));
    Optional<String> namespace = Optional.of("user:" + UserName.of(config));
    return new FlowlineClient(
        new ClientContext(store, MetadataStore.of(store), defaultLoader(), namespace), true);
  }

  /**
   * A client on {@code store} in the global namespace (the caller keeps ownership of the store).
   */
  public static FlowlineClient of(BlobStore store) {
    return new FlowlineClient(
        new ClientContext(store, MetadataStore.of(store), defaultLoader(), Optional.empty()),
        false);
  }

  private static ClassLoader defaultLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : FlowlineClient.class.getClassLoader();
  }

  /**
   * This client resolving artifact classes with {@code loader} (e.g. {@code
   * MyFlow.class.getClassLoader()}).
   */
  public FlowlineClient withClassLoader(ClassLoader loader) {
    return new FlowlineClient(
        new ClientContext(ctx.store(), ctx.metadata(), loader, ctx.namespace()), ownsStore);
  }

  /**
   * This client resolving artifact classes also from the code package that {@code run} recorded:
   * the classes of a flow run from a single {@code .java} file ({@code bin/flowline MyFlow.java
   * run}), such as a record the flow defines, which are on no class path of the reader. The package
   * is fetched once into {@code java.io.tmpdir/flowline-packages} and checked against its hash.
   *
   * @throws IllegalArgumentException when the run recorded no code package (its flow was given by
   *     class name: put its classes on the class path, or use {@link #withClassLoader})
   */
  public FlowlineClient withCodePackageOf(Run run) {
    String sha =
        run.systemTags().stream()
            .filter(t -> t.startsWith(CodePackage.TAG_PREFIX))
            .map(t -> t.substring(CodePackage.TAG_PREFIX.length()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "run "
                            + run.pathspec()
                            + " recorded no code package: only runs of a flow given as a .java"
                            + " file do. Put the flow's classes on the class path, or use"
                            + " withClassLoader(MyFlow.class.getClassLoader())."));
    String flow = run.flowName();
    Path jar = Path.of(System.getProperty("java.io.tmpdir"), "flowline-packages", sha + ".jar");
    io(
        () -> {
          if (!Files.isRegularFile(jar)) {
            Files.createDirectories(jar.getParent());
            Path part = Files.createTempFile(jar.getParent(), sha, ".part");
            new PackageStore(ctx.store(), flow)
                .fetch(
                    new PackageStore.PackageRef(sha, -1, StoreLayout.codePackage(flow, sha)), part);
            Files.move(
                part, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          }
          return jar;
        });
    try {
      return withClassLoader(
          new URLClassLoader("code-package-" + sha, new URL[] {jar.toUri().toURL()}, ctx.loader()));
    } catch (MalformedURLException e) {
      throw new IllegalStateException("no URL for " + jar, e);
    }
  }

  /**
   * This client seeing only runs tagged {@code namespace} (a user or system tag, e.g. {@code
   * user:alice} or {@code production:x}); {@code null} sees every run.
   */
  public FlowlineClient withNamespace(String namespace) {
    return new FlowlineClient(
        new ClientContext(
            ctx.store(), ctx.metadata(), ctx.loader(), Optional.ofNullable(namespace)),
        ownsStore);
  }

  /** The namespace, empty for the global one. */
  public Optional<String> namespace() {
    return ctx.namespace();
  }

  /** The store read from. */
  public BlobStore store() {
    return ctx.store();
  }

  /** Every flow with at least one run in the namespace, sorted by name. */
  public List<Flow> flows() {
    return io(ctx.metadata()::flows).stream()
        .map(name -> new Flow(ctx, name))
        .filter(f -> ctx.namespace().isEmpty() || f.latestRun().isPresent())
        .toList();
  }

  /**
   * The flow {@code name}.
   *
   * @throws FlowlineNotFoundException listing the known flows when it has no run in this store
   */
  public Flow flow(String name) {
    List<String> names = io(ctx.metadata()::flows);
    if (!names.contains(name)) {
      throw new FlowlineNotFoundException(
          "flow '"
              + name
              + "' has no runs in "
              + ctx.store().root()
              + "; flows there: "
              + names
              + ". Check the flow name (the class's simple name) and the datastore (--datastore,"
              + " METAFLOW_DEFAULT_DATASTORE).");
    }
    return new Flow(ctx, name);
  }

  /** The run at {@code Flow/run}. @throws FlowlineNotFoundException listing the latest runs */
  public Run run(String pathspec) {
    String[] p =
        InvalidPathspecException.split(pathspec, 2, "run", "HelloFlow/1764236056123456789");
    return flow(p[0]).run(p[1]);
  }

  /** The step at {@code Flow/run/step}. */
  public Step step(String pathspec) {
    String[] p =
        InvalidPathspecException.split(pathspec, 3, "step", "HelloFlow/1764236056123456789/start");
    return flow(p[0]).run(p[1]).step(p[2]);
  }

  /** The task at {@code Flow/run/step/task}. */
  public Task task(String pathspec) {
    String[] p =
        InvalidPathspecException.split(
            pathspec, 4, "task", "HelloFlow/1764236056123456789/start/1");
    return flow(p[0]).run(p[1]).step(p[2]).task(p[3]);
  }

  /** The artifact at {@code Flow/run/step/task/name}. */
  public Artifact artifact(String pathspec) {
    String[] p =
        InvalidPathspecException.split(
            pathspec, 5, "artifact", "HelloFlow/1764236056123456789/start/1/greeting");
    return flow(p[0]).run(p[1]).step(p[2]).task(p[3]).artifact(p[4]);
  }

  /** Closes the store if this client opened it. */
  @Override
  public void close() {
    if (ownsStore) {
      io(
          () -> {
            ctx.store().close();
            return null;
          });
    }
  }

  @Override
  public String toString() {
    return "FlowlineClient("
        + ctx.store().root()
        + ", namespace "
        + ctx.namespace().orElse("<global>")
        + ")";
  }
}
