package dev.flowline.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowSpec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of flowline-core, read from the constant pools of its compiled classes: every class
 * the code names (types, calls, fields, annotations, class literals, signatures) and every string
 * constant that spells a Flowline package. Lower layers never name higher ones.
 */
class PackageDependenciesTest {
  /** One compiled class: its package, the classes it names and its string constants. */
  record Compiled(String name, String pkg, Set<String> references, Set<String> strings) {}

  private static final List<Compiled> CLASSES = new ArrayList<>();

  /** Modules built on flowline-core: core must work without them. */
  private static final List<String> DOWNSTREAM =
      List.of("kubernetes", "argo", "s3", "azure", "gcs", "testkit", "examples", "bench");

  @BeforeAll
  static void readClasses() throws Exception {
    Path root = Path.of(FlowSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        CLASSES.add(read(f));
      }
    }
    assertThat(CLASSES).hasSizeGreaterThan(100);
  }

  private static final Pattern CLASS_NAME = Pattern.compile("dev/flowline/[A-Za-z0-9_/$]+");

  /**
   * Reads the constant pool of a class file (JVM spec 4.4): its UTF-8 entries hold every class,
   * descriptor and signature the class names, and its string constants.
   */
  private static Compiled read(Path file) throws IOException {
    var refs = new TreeSet<String>();
    var strings = new TreeSet<String>();
    try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> {
            String utf8 = in.readUTF();
            strings.add(utf8);
            Matcher m = CLASS_NAME.matcher(utf8);
            while (m.find()) {
              refs.add(m.group().replace('/', '.'));
            }
          }
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++;
          }
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          default -> throw new IOException(file + ": unknown constant pool tag " + tag);
        }
      }
    }
    String rel = file.toString().replace(java.io.File.separatorChar, '/');
    String name =
        rel.substring(rel.indexOf("dev/flowline/"), rel.length() - ".class".length())
            .replace('/', '.');
    String pkg = name.substring(0, name.lastIndexOf('.'));
    refs.remove(name);
    return new Compiled(name, pkg, refs, strings);
  }

  /**
   * "Class -> referenced class" for each class in {@code from} that names a class in {@code to}.
   */
  private static List<String> violations(String from, String to) {
    var found = new ArrayList<String>();
    for (Compiled c : CLASSES) {
      if (!inPackage(c.pkg(), from)) {
        continue;
      }
      c.references().stream()
          .filter(r -> inPackage(packageOf(r), to))
          .forEach(r -> found.add(c.name() + " -> " + r));
    }
    return found;
  }

  private static boolean inPackage(String pkg, String prefix) {
    return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  @Test
  void theRuntimeNamesNothingOfTheCli() {
    assertThat(violations("dev.flowline.runtime", "dev.flowline.cli")).isEmpty();
  }

  @Test
  void lowerLayersNameNeitherTheRuntimeNorTheCli() {
    for (String lower :
        List.of(
            "dev.flowline.config",
            "dev.flowline.datastore",
            "dev.flowline.metadata",
            "dev.flowline.model",
            "dev.flowline.graph")) {
      assertThat(violations(lower, "dev.flowline.runtime")).as(lower).isEmpty();
      assertThat(violations(lower, "dev.flowline.cli")).as(lower).isEmpty();
    }
  }

  @Test
  void theBlobFormatNamesNoOtherFlowlinePackage() {
    var found = new ArrayList<String>();
    for (Compiled c : CLASSES) {
      if (c.pkg().equals("dev.flowline.datastore.cas")) {
        c.references().stream()
            .filter(r -> r.startsWith("dev.flowline."))
            .filter(r -> !packageOf(r).equals("dev.flowline.datastore.cas"))
            .forEach(r -> found.add(c.name() + " -> " + r));
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void coreNamesNoModuleBuiltOnIt() {
    var found = new ArrayList<String>();
    for (Compiled c : CLASSES) {
      for (String module : DOWNSTREAM) {
        String pkg = "dev.flowline." + module;
        c.references().stream()
            .filter(r -> inPackage(packageOf(r), pkg))
            .forEach(r -> found.add(c.name() + " -> " + r));
        c.strings().stream()
            .filter(s -> s.startsWith(pkg + ".") && !s.contains(" "))
            .forEach(s -> found.add(c.name() + " -> \"" + s + "\""));
      }
    }
    assertThat(found).isEmpty();
  }
}
