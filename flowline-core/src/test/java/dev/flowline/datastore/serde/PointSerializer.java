package dev.flowline.datastore.serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A user-supplied serializer for a type that is not Serializable, registered with ServiceLoader in
 * tests.
 */
public final class PointSerializer implements ArtifactSerializer {
  /** A value type without java.io.Serializable. */
  public record Point(int x, int y) {}

  @Override
  public String encoding() {
    return "test-point-v1";
  }

  @Override
  public int priority() {
    return 500;
  }

  @Override
  public boolean canSerialize(Object value) {
    return value instanceof Point;
  }

  @Override
  public void serialize(Object value, OutputStream out) throws IOException {
    var p = (Point) value;
    var data = new DataOutputStream(out);
    data.writeInt(p.x());
    data.writeInt(p.y());
    data.flush();
  }

  @Override
  public Object deserialize(InputStream in, long size, ClassLoader loader) throws IOException {
    var data = new DataInputStream(in);
    return new Point(data.readInt(), data.readInt());
  }
}
