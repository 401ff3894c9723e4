package dev.flowline.runtime;

import dev.flowline.datastore.cas.ArtifactRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Remembers the values a task loaded from its inputs and their stored references, so that at the
 * end of the task an artifact that still holds the same, unchanged value is passed on by reference
 * instead of being serialized again. Immutable values (strings, boxed primitives) are unchanged
 * when the field still holds the same object; primitive arrays also when their checksum is
 * unchanged (a 200 MiB array is checked in a few milliseconds instead of re-hashed).
 */
final class ArtifactTracker {
  private record Loaded(Object value, ArtifactRef ref, long checksum) {}

  private final Map<String, Loaded> loaded = new HashMap<>();

  /** Records that artifact {@code name} was loaded as {@code value} from {@code ref}. */
  void loaded(String name, Object value, ArtifactRef ref) {
    loaded.put(name, new Loaded(value, ref, checksum(value)));
  }

  /** The stored reference of {@code name} when {@code current} is the loaded value, unchanged. */
  Optional<ArtifactRef> unchanged(String name, Object current) {
    Loaded l = loaded.get(name);
    if (l == null || l.value != current || current == null) {
      return Optional.empty();
    }
    if (isImmutable(current)) {
      return Optional.of(l.ref);
    }
    if (current instanceof byte[]
        || current instanceof int[]
        || current instanceof long[]
        || current instanceof double[]) {
      return checksum(current) == l.checksum ? Optional.of(l.ref) : Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean isImmutable(Object v) {
    return v instanceof String
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Double
        || v instanceof Boolean
        || v instanceof Float
        || v instanceof Short
        || v instanceof Byte
        || v instanceof Character
        || v instanceof Enum<?>;
  }

  private static long checksum(Object v) {
    var crc = new CRC32C();
    if (v instanceof byte[] b) {
      crc.update(b);
    } else if (v instanceof int[] a) {
      var buf = java.nio.ByteBuffer.allocate(a.length * 4);
      buf.asIntBuffer().put(a);
      crc.update(buf.array());
    } else if (v instanceof long[] a) {
      var buf = java.nio.ByteBuffer.allocate(a.length * 8);
      buf.asLongBuffer().put(a);
      crc.update(buf.array());
    } else if (v instanceof double[] a) {
      var buf = java.nio.ByteBuffer.allocate(a.length * 8);
      buf.asDoubleBuffer().put(a);
      crc.update(buf.array());
    } else {
      return 0;
    }
    return crc.getValue();
  }
}
