package dev.flowline.client;

import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.serde.Serializers;
import dev.flowline.metadata.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every client object shares: the store, the metadata view, the class loader and the
 * namespace.
 */
record ClientContext(
    BlobStore store, MetadataStore metadata, ClassLoader loader, Optional<String> namespace) {

  ContentStore contentStore(String flow) {
    return new ContentStore(
        store,
        flow,
        Serializers.discover(loader),
        Path.of(System.getProperty("java.io.tmpdir")),
        ContentStore.DEFAULT_LEVEL);
  }

  /**
   * Runs {@code io}, turning an IOException into an unchecked one (the client is for interactive
   * use).
   */
  static <T> T io(IoCall<T> io) {
    try {
      return io.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A store call. */
  @FunctionalInterface
  interface IoCall<T> {
    T call() throws IOException;
  }
}
