package dev.flowline.datastore.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns artifact values into bytes and back. Implementations are found with {@link
 * java.util.ServiceLoader} (file {@code
 * META-INF/services/dev.flowline.datastore.serde.ArtifactSerializer}) next to the built-in ones;
 * for each value the serializer with the lowest {@link #priority()} that {@link #canSerialize can
 * serialize} it wins. The {@link #encoding()} is stored with each artifact and picks the serializer
 * when reading.
 *
 * <p>Implementations must stream: write in bounded chunks and read into structures of the announced
 * size, so that memory does not grow beyond the value itself.
 */
public interface ArtifactSerializer {
  /**
   * A stable label of the byte format, stored with every artifact written by this serializer, e.g.
   * {@code java-serialization-v1}. Change it when the format changes.
   */
  String encoding();

  /**
   * Order among serializers: lower is asked first. Built-ins use 100-199, the Java fallback 10000.
   */
  int priority();

  /** Whether this serializer handles {@code value} (which may be {@code null}). */
  boolean canSerialize(Object value);

  /**
   * Writes {@code value} to {@code out}; does not close {@code out}.
   *
   * @throws java.io.NotSerializableException when some part of the value cannot be written
   */
  void serialize(Object value, OutputStream out) throws IOException;

  /**
   * Reads one value written by {@link #serialize}.
   *
   * @param in exactly the bytes written by {@link #serialize}
   * @param size the number of bytes in {@code in}
   * @param loader the class loader that knows the flow's classes
   */
  Object deserialize(InputStream in, long size, ClassLoader loader) throws IOException;
}
