package dev.flowline.datastore;

import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.datastore.serde.ArtifactSerializationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The data of one task attempt: its artifact index ({@code N.data.json}) and its logs, with values
 * in the flow's {@link ContentStore}. The runtime writes through it at the end of an attempt
 * (artifacts, then logs, then the metadata done marker); later steps, joins, resume and the client
 * read through it.
 */
public final class TaskDatastore {
  /** How many artifacts are saved at once. */
  public static final int PARALLEL_SAVES = 4;

  private final ContentStore cas;
  private final TaskPath task;
  private final int attempt;
  private ArtifactIndex cachedIndex;

  /** The data of attempt {@code attempt} of {@code task}. */
  public TaskDatastore(ContentStore cas, TaskPath task, int attempt) {
    if (!cas.flow().equals(task.flow())) {
      throw new IllegalArgumentException(
          "task " + task + " is not of flow " + cas.flow() + ", the flow of the content store");
    }
    if (attempt < 0) {
      throw new IllegalArgumentException(
          "attempt " + attempt + " of task " + task + " must be 0 or more");
    }
    this.cas = cas;
    this.task = task;
    this.attempt = attempt;
  }

  /** The task. */
  public TaskPath task() {
    return task;
  }

  /** The attempt number. */
  public int attempt() {
    return attempt;
  }

  /** The content store of the flow. */
  public ContentStore contentStore() {
    return cas;
  }

  /**
   * Stores {@code values} and writes the index: {@code inherited} (e.g. the parent's artifacts,
   * passed down by reference) overlaid with the newly stored values. Values are serialized and
   * uploaded by up to {@value #PARALLEL_SAVES} threads (remote stores answer each request with some
   * latency). Every value is tried before failing, and the failure names every artifact that could
   * not be stored.
   *
   * @throws ArtifactSerializationException when some value cannot be stored (no index is written
   *     then)
   */
  public ArtifactIndex saveArtifacts(ArtifactIndex inherited, Map<String, ?> values)
      throws IOException {
    Map<String, ArtifactRef> saved = new LinkedHashMap<>();
    List<ArtifactSerializationException> failures = new ArrayList<>();
    List<String> names = new ArrayList<>(values.keySet());
    List<Future<ArtifactRef>> pending = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(PARALLEL_SAVES, names.size())),
            r -> {
              Thread t = new Thread(r, "flowline-save-" + task.step());
              t.setDaemon(true);
              return t;
            });
    IOException ioFailure = null;
    try {
      for (String name : names) {
        Object value = values.get(name);
        pending.add(pool.submit(() -> cas.save(name, value)));
      }
      for (int i = 0; i < names.size(); i++) {
        try {
          saved.put(names.get(i), pending.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof ArtifactSerializationException ase) {
            failures.add(ase);
          } else if (cause instanceof IOException io) {
            if (ioFailure == null) {
              ioFailure = io;
            } else {
              ioFailure.addSuppressed(io);
            }
          } else if (cause instanceof RuntimeException re) {
            throw re;
          } else {
            throw new IOException(
                "saving artifact '" + names.get(i) + "' of task " + task + " failed", cause);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while saving the artifacts of task " + task);
    } finally {
      pool.shutdownNow();
    }
    if (ioFailure != null) {
      throw ioFailure;
    }
    if (!failures.isEmpty()) {
      ArtifactSerializationException first = failures.get(0);
      if (failures.size() == 1) {
        throw first;
      }
      var all =
          new ArtifactSerializationException(
              first.artifact(),
              first.type(),
              failures.size()
                  + " artifacts of task "
                  + task
                  + " cannot be stored: "
                  + String.join(" | ", failures.stream().map(Throwable::getMessage).toList()),
              first);
      failures.stream().skip(1).forEach(all::addSuppressed);
      throw all;
    }
    ArtifactIndex index = inherited.withAll(ArtifactIndex.of(saved));
    writeIndex(index);
    return index;
  }

  /** Writes the artifact index as is (used when references are copied, e.g. by resume). */
  public void writeIndex(ArtifactIndex index) throws IOException {
    byte[] json = index.toJson(task, attempt);
    cas.blobStore()
        .put(StoreLayout.artifactIndex(task, attempt), new ByteArrayInputStream(json), json.length);
    cachedIndex = index;
  }

  /**
   * The artifact index of this attempt.
   *
   * @throws BlobNotFoundException when the attempt stored no artifacts
   */
  public ArtifactIndex index() throws IOException {
    if (cachedIndex == null) {
      String key = StoreLayout.artifactIndex(task, attempt);
      byte[] json;
      try (InputStream in = cas.blobStore().get(key)) {
        json = in.readAllBytes(); // small JSON
      }
      cachedIndex = ArtifactIndex.fromJson(json, key + " in " + cas.blobStore().root());
    }
    return cachedIndex;
  }

  /** Whether this attempt has an artifact index. */
  public boolean hasIndex() throws IOException {
    return cachedIndex != null || cas.blobStore().exists(StoreLayout.artifactIndex(task, attempt));
  }

  /**
   * Loads the value of artifact {@code name}.
   *
   * @throws java.util.NoSuchElementException naming the known artifacts when there is none of that
   *     name
   */
  public Object load(String name, ClassLoader loader) throws IOException {
    return cas.load(name, index().get(name), loader);
  }

  /** A view that loads each artifact on first access and keeps it. */
  public LazyArtifacts lazy(ClassLoader loader) throws IOException {
    return new LazyArtifacts(cas, index(), loader);
  }

  /** Stores a log from a file (whole; call again to replace it with a longer partial log). */
  public void saveLog(LogStream stream, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      cas.blobStore().put(StoreLayout.log(task, attempt, stream), in, Files.size(file));
    }
  }

  /** Stores a log from bytes (whole; call again to replace it with a longer partial log). */
  public void saveLog(LogStream stream, byte[] content) throws IOException {
    cas.blobStore()
        .put(
            StoreLayout.log(task, attempt, stream),
            new ByteArrayInputStream(content),
            content.length);
  }

  /** Stores a log from a stream of {@code length} bytes, or -1 when unknown. */
  public void saveLog(LogStream stream, InputStream content, long length) throws IOException {
    cas.blobStore().put(StoreLayout.log(task, attempt, stream), content, length);
  }

  /** Opens a log, if it was saved. */
  public Optional<InputStream> openLog(LogStream stream) throws IOException {
    try {
      return Optional.of(cas.blobStore().get(StoreLayout.log(task, attempt, stream)));
    } catch (BlobNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "task " + task + " attempt " + attempt;
  }
}
