package dev.flowline.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A {@link BlobStore} in a local folder: key {@code a/b/c} is the file {@code ROOT/a/b/c}.
 *
 * <p>{@link #put} streams into a temporary file {@code .tmp-*} in the target's folder, forces it to
 * disk and moves it into place atomically, so a reader never sees a partial blob; a writer that
 * dies midway leaves at most a temporary file, which {@link #list} never reports. Writes are copied
 * in bounded chunks, so memory use does not grow with the blob's size.
 */
public final class LocalBlobStore implements BlobStore {
  static final String TEMP_PREFIX = ".tmp-";
  private static final int CHUNK = 64 * 1024;

  private final Path root;

  /** A store rooted at {@code root} (created on first write when missing). */
  public LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public String root() {
    return root.toString();
  }

  /** The folder this store writes under. */
  public Path rootPath() {
    return root;
  }

  @Override
  public void put(String key, InputStream data, long length) throws IOException {
    Path target = resolve(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    try {
      try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        long copied = copy(data, out);
        if (length >= 0 && copied != length) {
          throw new IOException(
              "local store "
                  + root
                  + ": put "
                  + key
                  + " got "
                  + copied
                  + " bytes but the caller announced "
                  + length
                  + "; nothing was stored");
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "local store "
                + root
                + ": the file system does not support atomic moves (put "
                + key
                + ")",
            e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[CHUNK];
    long total = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      total += n;
    }
    return total;
  }

  @Override
  public InputStream get(String key) throws IOException {
    Path file = resolve(key);
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(root.toString(), key);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    return Files.isRegularFile(resolve(key));
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    checkKeyChars(prefix, true);
    int slash = prefix.lastIndexOf('/');
    Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    String namePrefix = prefix.substring(slash + 1);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(namePrefix) || name.startsWith(TEMP_PREFIX)) {
          continue;
        }
        if (Files.isDirectory(entry)) {
          walk(entry, keys);
        } else {
          keys.add(keyOf(entry));
        }
      }
    }
    Collections.sort(keys);
    return keys;
  }

  private void walk(Path dir, List<String> keys) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(TEMP_PREFIX)) {
              keys.add(keyOf(file));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // deleted while listing
            }
            throw exc;
          }
        });
  }

  private String keyOf(Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  public void probe() throws IOException {
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, TEMP_PREFIX + "probe", "");
      Files.delete(probe);
    } catch (IOException e) {
      throw new IOException(
          "local store: the root "
              + root
              + " is not writable ("
              + e
              + "). Set METAFLOW_DATASTORE_SYSROOT_LOCAL to a writable folder, or run from a writable"
              + " working directory.",
          e);
    }
  }

  @Override
  public void close() {}

  private Path resolve(String key) {
    checkKeyChars(key, false);
    return root.resolve(key);
  }

  private void checkKeyChars(String key, boolean prefix) {
    boolean bad = (!prefix && key.isEmpty()) || key.startsWith("/") || key.contains("\\");
    for (String part : key.split("/", -1)) {
      bad |= part.equals("..") || part.equals(".") || (!prefix && part.isEmpty());
    }
    if (bad) {
      throw new IllegalArgumentException(
          "local store "
              + root
              + ": invalid key '"
              + key
              + "': keys are relative '/'-separated paths without empty, '.' or '..' parts");
    }
  }

  @Override
  public String toString() {
    return "local store " + root;
  }
}
