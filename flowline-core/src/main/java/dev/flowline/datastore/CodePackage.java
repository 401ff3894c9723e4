package dev.flowline.datastore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A run's own classes as one jar, the code package: the folders of a flow compiled from a single
 * {@code .java} file, zipped with sorted entries and fixed times so that the same classes always
 * give the same bytes (and the same SHA-256 key in the {@link PackageStore}).
 */
public final class CodePackage {
  /** The system tag prefix that names a run's code package: {@code code_package:SHA256}. */
  public static final String TAG_PREFIX = "code_package:";

  private static final FileTime EPOCH = FileTime.fromMillis(0);

  private CodePackage() {}

  /** Writes the files under {@code folders} (relative to each folder) as a jar to {@code jar}. */
  public static void write(List<Path> folders, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        var zip = new ZipOutputStream(file)) {
      for (Path folder : folders) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder)) {
          all.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path f : files) {
          var entry = new ZipEntry(folder.relativize(f).toString().replace('\\', '/'));
          entry.setLastModifiedTime(EPOCH);
          zip.putNextEntry(entry);
          Files.copy(f, zip);
          zip.closeEntry();
        }
      }
    }
  }
}
