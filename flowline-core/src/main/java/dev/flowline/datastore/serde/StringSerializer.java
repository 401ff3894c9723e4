package dev.flowline.datastore.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Stores a {@link String} as UTF-8. */
public final class StringSerializer implements ArtifactSerializer {
  @Override
  public String encoding() {
    return "utf8-v1";
  }

  @Override
  public int priority() {
    return 110;
  }

  @Override
  public boolean canSerialize(Object value) {
    return value instanceof String;
  }

  @Override
  public void serialize(Object value, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    String s = (String) value;
    // chunks keep the encoder's buffers small; it carries a split surrogate pair over to the next
    // chunk
    for (int off = 0; off < s.length(); off += 8192) {
      w.write(s, off, Math.min(8192, s.length() - off));
    }
    w.flush();
  }

  @Override
  public Object deserialize(InputStream in, long size, ClassLoader loader) throws IOException {
    return new String(BytesSerializer.readExactly(in, size), StandardCharsets.UTF_8);
  }
}
