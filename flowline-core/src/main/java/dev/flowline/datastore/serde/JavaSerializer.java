package dev.flowline.datastore.serde;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * The fallback: Java serialization for any {@link Serializable} value (and {@code null}). Classes
 * are resolved with the class loader given on read, so values of the flow's own types load in the
 * client and in tasks.
 */
public final class JavaSerializer implements ArtifactSerializer {
  @Override
  public String encoding() {
    return "java-serialization-v1";
  }

  @Override
  public int priority() {
    return 10000;
  }

  @Override
  public boolean canSerialize(Object value) {
    return value == null || value instanceof Serializable;
  }

  @Override
  public void serialize(Object value, OutputStream out) throws IOException {
    BufferedOutputStream buffered =
        new BufferedOutputStream(out, 64 * 1024) {
          @Override
          public void close() throws IOException {
            flush(); // never close the caller's stream
          }
        };
    ObjectOutputStream oos = new ObjectOutputStream(buffered);
    oos.writeObject(value);
    oos.flush();
  }

  @Override
  public Object deserialize(InputStream in, long size, ClassLoader loader) throws IOException {
    ObjectInputStream ois =
        new ObjectInputStream(new BufferedInputStream(in, 64 * 1024)) {
          @Override
          protected Class<?> resolveClass(ObjectStreamClass desc)
              throws IOException, ClassNotFoundException {
            try {
              return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
              return super.resolveClass(desc);
            }
          }
        };
    try {
      return ois.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException(
          "class "
              + e.getMessage()
              + " of a stored artifact is not on the class path; pass the flow's class loader (e.g."
              + " FlowlineClient.withClassLoader(MyFlow.class.getClassLoader())) or add the flow's jar",
          e);
    }
  }
}
