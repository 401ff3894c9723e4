package dev.flowline.kubernetes.codepackage;

import dev.flowline.datastore.PackageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads what the code package needs to know about class path entries (jars and class folders): a
 * jar's SHA-256, the Flowline markers in {@code META-INF/flowline/}, the packages an entry holds
 * and the packages its classes refer to. What is read from a jar is kept for the life of this
 * object, keyed by path, size and modification time, so a launcher that keeps one instance hashes
 * and reads each jar once per JVM; folders (the user's compiled classes) are read every time.
 * Thread-safe.
 */
final class ClassPathInspector {
  /** The resource that lists a Flowline module's runtime dependencies (file names). */
  static final String DEPENDENCIES_RESOURCE = "META-INF/flowline/runtime-dependencies";

  /** The resource that names the datastore kind a Flowline module provides. */
  static final String DATASTORE_RESOURCE = "META-INF/flowline/datastore";

  private static final String SERVICES = "META-INF/services/";

  private final Map<Version, String> hashes = new ConcurrentHashMap<>();
  private final Map<Version, Contents> contents = new ConcurrentHashMap<>();
  private final Map<Version, Set<String>> references = new ConcurrentHashMap<>();

  /** A jar as it is now: another size or time is another jar. */
  private record Version(Path path, long size, long modified) {
    static Version of(Path jar) throws IOException {
      return new Version(
          jar.toAbsolutePath().normalize(),
          Files.size(jar),
          Files.getLastModifiedTime(jar).toMillis());
    }
  }

  /**
   * What an entry holds.
   *
   * @param datastore the datastore kind, when the entry is a Flowline datastore module
   * @param dependencies the file names of a Flowline module's runtime dependencies; empty for
   *     anything else
   * @param packages the packages of its classes, internal form ({@code com/x})
   * @param services the service interfaces it provides ({@code META-INF/services/} names)
   */
  record Contents(
      Optional<String> datastore,
      Optional<Set<String>> dependencies,
      Set<String> packages,
      Set<String> services) {
    /** Whether the entry is a Flowline module (it lists its runtime dependencies). */
    boolean isFlowlineModule() {
      return dependencies.isPresent();
    }
  }

  /** The SHA-256 of {@code jar}, hashed once per version of the file. */
  String sha256(Path jar) throws IOException {
    Version v = Version.of(jar);
    String known = hashes.get(v);
    if (known != null) {
      return known;
    }
    String sha = PackageStore.sha256(jar);
    hashes.put(v, sha);
    return sha;
  }

  /** What {@code entry} (a jar or a folder) holds; a file that is not a zip holds nothing. */
  Contents contents(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      return readFolder(entry);
    }
    Version v = Version.of(entry);
    Contents known = contents.get(v);
    if (known != null) {
      return known;
    }
    Contents c = readJar(entry);
    contents.put(v, c);
    return c;
  }

  /** The packages the classes of {@code entry} refer to (see {@link ClassFileReferences}). */
  Set<String> referencedPackages(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      Set<String> out = new HashSet<>();
      try (Stream<Path> files = Files.walk(entry)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (f.toString().endsWith(".class") && Files.isRegularFile(f)) {
            ClassFileReferences.addPackages(Files.readAllBytes(f), out);
          }
        }
      }
      return out;
    }
    Version v = Version.of(entry);
    Set<String> known = references.get(v);
    if (known != null) {
      return known;
    }
    Set<String> out = new HashSet<>();
    try (var zip = new ZipFile(entry.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (e.getName().endsWith(".class") && !e.isDirectory()) {
          try (InputStream in = zip.getInputStream(e)) {
            ClassFileReferences.addPackages(in.readAllBytes(), out);
          }
        }
      }
    } catch (ZipException notAZip) {
      // not a jar: it refers to nothing
    }
    Set<String> frozen = Set.copyOf(out);
    references.put(v, frozen);
    return frozen;
  }

  private static Contents readJar(Path jar) throws IOException {
    Optional<String> datastore = Optional.empty();
    Optional<Set<String>> dependencies = Optional.empty();
    Set<String> packages = new HashSet<>();
    Set<String> services = new HashSet<>();
    try (var zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        String name = e.getName();
        if (e.isDirectory()) {
          continue;
        }
        addPackageOf(name, packages);
        if (name.startsWith(SERVICES) && name.length() > SERVICES.length()) {
          services.add(name.substring(SERVICES.length()));
        } else if (name.equals(DEPENDENCIES_RESOURCE)) {
          dependencies = Optional.of(fileNames(read(zip, e)));
        } else if (name.equals(DATASTORE_RESOURCE)) {
          datastore = Optional.of(read(zip, e).strip());
        }
      }
    } catch (ZipException notAZip) {
      return new Contents(Optional.empty(), Optional.empty(), Set.of(), Set.of());
    }
    return new Contents(datastore, dependencies, Set.copyOf(packages), Set.copyOf(services));
  }

  private static Contents readFolder(Path folder) throws IOException {
    Set<String> packages = new HashSet<>();
    Set<String> services = new HashSet<>();
    try (Stream<Path> files = Files.walk(folder)) {
      files
          .filter(Files::isRegularFile)
          .map(f -> folder.relativize(f).toString().replace('\\', '/'))
          .forEach(
              name -> {
                addPackageOf(name, packages);
                if (name.startsWith(SERVICES) && name.length() > SERVICES.length()) {
                  services.add(name.substring(SERVICES.length()));
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Path deps = folder.resolve(DEPENDENCIES_RESOURCE);
    Path kind = folder.resolve(DATASTORE_RESOURCE);
    return new Contents(
        Files.isRegularFile(kind) ? Optional.of(Files.readString(kind).strip()) : Optional.empty(),
        Files.isRegularFile(deps)
            ? Optional.of(fileNames(Files.readString(deps)))
            : Optional.empty(),
        Set.copyOf(packages),
        Set.copyOf(services));
  }

  private static void addPackageOf(String name, Set<String> packages) {
    int slash = name.lastIndexOf('/');
    if (name.endsWith(".class") && slash > 0 && !name.startsWith("META-INF/")) {
      packages.add(name.substring(0, slash));
    }
  }

  private static String read(ZipFile zip, ZipEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The file names in a dependency list as maven-dependency-plugin's {@code build-classpath} writes
   * it with a prefix: {@code lib/a-1.jar:lib/b-2.jar} (any of {@code : ; ,} and line breaks
   * separate; the folder part is dropped).
   */
  static Set<String> fileNames(String list) {
    Set<String> names = new HashSet<>();
    for (String part : list.split("[:;,\\r\\n]+")) {
      String p = part.strip();
      int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
      String name = p.substring(slash + 1);
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return Set.copyOf(names);
  }
}
