package dev.flowline.bench;

import dev.flowline.azure.AzureBlobStore;
import dev.flowline.azure.AzureSettings;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.s3.S3BlobStore;
import dev.flowline.s3.S3Settings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One transfer of one blob through one store, timed, for {@code scripts/blob-transfer-bench.sh}
 * (which runs it under {@code /usr/bin/time -v} for the peak RSS and prints the table of
 * docs/benchmarks.md).
 *
 * <pre>
 * BlobTransferBench STORE MODE FILE
 *   STORE  local:DIR | s3:ENDPOINT | azure:CONNECTION_STRING
 *   MODE   put-file | get-file | put-stream | get-stream
 *   FILE   the source (put) or target (get) file
 * </pre>
 *
 * Prints one line: {@code store mode bytes seconds MB/s}.
 */
public final class BlobTransferBench {
  private BlobTransferBench() {}

  /** Runs one transfer. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println(
          "usage: BlobTransferBench local:DIR|s3:ENDPOINT|azure:CONNECTION_STRING"
              + " put-file|get-file|put-stream|get-stream FILE");
      System.exit(2);
    }
    String spec = args[0];
    String mode = args[1];
    Path file = Path.of(args[2]);
    String key = "bench/blob";
    try (BlobStore store = open(spec)) {
      long start = System.nanoTime();
      long bytes;
      switch (mode) {
        case "put-file" -> {
          store.put(key, file);
          bytes = Files.size(file);
        }
        case "put-stream" -> {
          try (InputStream in = Files.newInputStream(file)) {
            store.put(key, in, -1);
          }
          bytes = Files.size(file);
        }
        case "get-file" -> {
          store.get(key, file);
          bytes = Files.size(file);
        }
        case "get-stream" -> {
          try (InputStream in = store.get(key);
              OutputStream out = Files.newOutputStream(file)) {
            bytes = in.transferTo(out);
          }
        }
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s %s %d %.2f %.1f%n",
          store.kind(),
          mode,
          bytes,
          seconds,
          bytes / 1e6 / seconds);
    }
  }

  private static BlobStore open(String spec) throws Exception {
    int colon = spec.indexOf(':');
    String kind = spec.substring(0, colon);
    String value = spec.substring(colon + 1);
    return switch (kind) {
      case "local" -> new LocalBlobStore(Path.of(value));
      case "s3" ->
          new S3BlobStore(
              S3Settings.forEndpoint("s3://bench/run", URI.create(value), "bench", "bench"));
      case "azure" -> new AzureBlobStore(AzureSettings.forConnectionString("bench/run", value));
      default -> throw new IllegalArgumentException("unknown store " + kind);
    };
  }
}
