package dev.flowline.bench;

import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.datastore.serde.Serializers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Measures the content-addressed store on a large {@code byte[]} artifact: save and load time and
 * stored size per compression level, and peak RSS of a writer and a reader process.
 *
 * <pre>
 * java -cp ... dev.flowline.bench.ArtifactStoreBench levels DIR [MiB]        time and size per level and payload
 * java -cp ... dev.flowline.bench.ArtifactStoreBench write DIR MiB KIND      save once, print key and VmHWM
 * java -cp ... dev.flowline.bench.ArtifactStoreBench read DIR SHA MiB        load once, print VmHWM
 * </pre>
 *
 * KIND is {@code pattern} (the LargeArtifactFlow payload, compressible), {@code text} (random
 * lower-case words, partly compressible) or {@code random} (incompressible).
 */
public final class ArtifactStoreBench {
  private ArtifactStoreBench() {}

  /** Entry point; see the class description. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "levels" -> levels(dir, args.length > 2 ? Integer.parseInt(args[2]) : 200);
      case "write" -> write(dir, Integer.parseInt(args[2]), args[3]);
      case "read" -> read(dir, args[2], Integer.parseInt(args[3]));
      default ->
          throw new IllegalArgumentException(
              "unknown mode " + args[0] + "; use levels, write or read");
    }
  }

  static byte[] payload(String kind, int mib) {
    byte[] b = new byte[mib * 1024 * 1024];
    switch (kind) {
      case "pattern" -> {
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) (i * 31 + 7);
        }
      }
      case "random" -> new Random(1).nextBytes(b);
      case "text" -> {
        Random r = new Random(1);
        for (int i = 0; i < b.length; i++) {
          b[i] = r.nextInt(7) == 0 ? (byte) ' ' : (byte) ('a' + r.nextInt(26));
        }
      }
      default -> throw new IllegalArgumentException("unknown payload kind " + kind);
    }
    return b;
  }

  private static ContentStore cas(Path dir, int level) {
    return new ContentStore(
        new LocalBlobStore(dir), "Bench", Serializers.defaults(), dir.resolve("tmp"), level);
  }

  private static void levels(Path dir, int mib) throws IOException {
    System.out.printf(
        "%-8s %5s %9s %9s %12s%n", "payload", "level", "save s", "load s", "stored MiB");
    for (String kind : new String[] {"pattern", "text", "random"}) {
      byte[] data = payload(kind, mib);
      for (int level : new int[] {0, 1, 3, 6}) {
        Path d = dir.resolve(kind + "-" + level);
        ContentStore cas = cas(d, level);
        long t0 = System.nanoTime();
        ArtifactRef ref = cas.save("payload", data);
        long t1 = System.nanoTime();
        byte[] back = (byte[]) cas.load("payload", ref, ArtifactStoreBench.class.getClassLoader());
        long t2 = System.nanoTime();
        if (back.length != data.length) {
          throw new IllegalStateException("round trip lost bytes");
        }
        long stored = Files.size(d.resolve(StoreLayout.blob("Bench", ref.sha())));
        System.out.printf(
            "%-8s %5d %9.2f %9.2f %12.1f%n",
            kind, level, (t1 - t0) / 1e9, (t2 - t1) / 1e9, stored / 1048576.0);
      }
    }
  }

  private static void write(Path dir, int mib, String kind) throws IOException {
    byte[] data = payload(kind, mib);
    long t0 = System.nanoTime();
    ArtifactRef ref = cas(dir, ContentStore.DEFAULT_LEVEL).save("payload", data);
    System.out.printf(
        "sha %s save %.2f s VmHWM %s%n", ref.sha(), (System.nanoTime() - t0) / 1e9, vmHwm());
  }

  private static void read(Path dir, String sha, int mib) throws IOException {
    var ref = new ArtifactRef(sha, "[B", "bytes-v1", (long) mib * 1024 * 1024);
    long t0 = System.nanoTime();
    byte[] back =
        (byte[])
            cas(dir, ContentStore.DEFAULT_LEVEL)
                .load("payload", ref, ArtifactStoreBench.class.getClassLoader());
    System.out.printf(
        "read %d bytes load %.2f s VmHWM %s%n",
        back.length, (System.nanoTime() - t0) / 1e9, vmHwm());
  }

  private static String vmHwm() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM"))
        .map(l -> l.substring(6).trim())
        .findFirst()
        .orElse("n/a");
  }
}
