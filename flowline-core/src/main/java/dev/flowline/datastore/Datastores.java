package dev.flowline.datastore;

import dev.flowline.config.Config;
import dev.flowline.config.DatastoreOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Chooses and opens a {@link BlobStore} by kind. Providers are found with {@link ServiceLoader}
 * (file {@code META-INF/services/dev.flowline.datastore.BlobStoreProvider}); the kind comes from
 * {@code --datastore}, else {@code METAFLOW_DEFAULT_DATASTORE}, else {@code local}.
 */
public final class Datastores {
  /** The configuration key of the default kind. */
  public static final String DEFAULT_KIND_KEY = DatastoreOptions.DEFAULT_DATASTORE.key();

  private final Map<String, BlobStoreProvider> byKind;

  private Datastores(Map<String, BlobStoreProvider> byKind) {
    this.byKind = byKind;
  }

  /**
   * The providers visible to {@code loader}.
   *
   * @throws IllegalStateException when two providers claim the same kind, naming both classes
   */
  public static Datastores discover(ClassLoader loader) {
    List<BlobStoreProvider> found = new ArrayList<>();
    ServiceLoader.load(BlobStoreProvider.class, loader).forEach(found::add);
    return of(found);
  }

  /**
   * Exactly the given providers.
   *
   * @throws IllegalStateException when two providers claim the same kind, naming both classes
   */
  public static Datastores of(List<? extends BlobStoreProvider> providers) {
    Map<String, BlobStoreProvider> byKind = new TreeMap<>();
    List<String> clashes = new ArrayList<>();
    for (BlobStoreProvider p : providers) {
      BlobStoreProvider previous = byKind.putIfAbsent(p.kind(), p);
      if (previous != null && previous.getClass() != p.getClass()) {
        clashes.add(
            "datastore kind '"
                + p.kind()
                + "' is provided by both "
                + previous.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    if (!clashes.isEmpty()) {
      throw new IllegalStateException(
          String.join("; ", clashes)
              + ". Keep one jar per datastore kind on the class path (remove the duplicate"
              + " META-INF/services/dev.flowline.datastore.BlobStoreProvider entry).");
    }
    return new Datastores(Map.copyOf(byKind));
  }

  /**
   * Opens the store chosen by {@code kindOrNull} and {@code config} with the providers on the class
   * path.
   */
  public static BlobStore open(String kindOrNull, Config config) throws IOException {
    return discover(Datastores.class.getClassLoader()).openStore(kindOrNull, config);
  }

  /** The kind that {@code kindOrNull} (from {@code --datastore}) and {@code config} select. */
  public static String selectKind(String kindOrNull, Config config) {
    if (kindOrNull != null && !kindOrNull.isBlank()) {
      return kindOrNull;
    }
    return config.get(DEFAULT_KIND_KEY).filter(v -> !v.isBlank()).orElse("local");
  }

  /** The available kinds, sorted. */
  public List<String> kinds() {
    return List.copyOf(new TreeMap<>(byKind).keySet());
  }

  /**
   * Opens the store of the selected kind.
   *
   * @throws IllegalArgumentException when no provider has that kind, listing the available kinds
   */
  public BlobStore openStore(String kindOrNull, Config config) throws IOException {
    String kind = selectKind(kindOrNull, config);
    BlobStoreProvider provider = byKind.get(kind);
    if (provider == null) {
      String source =
          kindOrNull != null && !kindOrNull.isBlank() ? "--datastore" : DEFAULT_KIND_KEY;
      throw new IllegalArgumentException(
          source
              + ": unknown datastore kind '"
              + kind
              + "'; available kinds are "
              + kinds()
              + ". Use one of them, or add the module that provides '"
              + kind
              + "' (e.g. flowline-s3 for s3) to the class path.");
    }
    return provider.open(config);
  }
}
