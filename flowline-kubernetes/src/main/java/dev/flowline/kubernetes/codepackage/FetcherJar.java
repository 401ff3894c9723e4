package dev.flowline.kubernetes.codepackage;

import dev.flowline.kubernetes.bootstrap.CodeFetcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * The {@link CodeFetcher} class as a small jar, the way a Job carries it: base64-encoded in an
 * environment variable, decoded by the container script with {@code base64 -d} and run with {@code
 * java -cp fetcher.jar}. The class is stripped of debug information (line numbers, local variable
 * names: the fetcher prints messages, never stack traces) and deflated, about 8 KB instead of the
 * class file's 19 KB; the same class file always gives the same bytes (fixed entry time).
 */
public final class FetcherJar {
  /** The jar's file name in the pod. */
  public static final String FILE_NAME = "fetcher.jar";

  private static final String CLASS_FILE = CodeFetcher.class.getName().replace('.', '/') + ".class";
  private static final byte[] BYTES = build();

  private FetcherJar() {}

  /** The jar's bytes. */
  public static byte[] bytes() {
    return BYTES.clone();
  }

  /** The jar, base64-encoded (RFC 4648, no line breaks), as it goes into the Job. */
  public static String base64() {
    return Base64.getEncoder().encodeToString(BYTES);
  }

  private static byte[] build() {
    try (InputStream in = CodeFetcher.class.getResourceAsStream("/" + CLASS_FILE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASS_FILE + " is not on the class path beside " + FetcherJar.class.getName());
      }
      var stripped = new ClassWriter(0);
      new ClassReader(in.readAllBytes()).accept(stripped, ClassReader.SKIP_DEBUG);
      byte[] classFile = stripped.toByteArray();
      var out = new ByteArrayOutputStream();
      try (var zip = new ZipOutputStream(out)) {
        zip.setLevel(9);
        var entry = new ZipEntry(CLASS_FILE);
        entry.setLastModifiedTime(FileTime.fromMillis(0));
        zip.putNextEntry(entry);
        zip.write(classFile);
        zip.closeEntry();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CLASS_FILE, e);
    }
  }
}
