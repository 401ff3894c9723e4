package dev.flowline.kubernetes.codepackage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** Builds small jars and class files for code package tests. */
final class TestJars {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  static TestJars jar() {
    return new TestJars();
  }

  /** A class {@code name} (internal form) whose fields have the types {@code fieldTypes}. */
  TestJars type(String name, String... fieldTypes) {
    entries.put(name + ".class", classFile(name, fieldTypes));
    return this;
  }

  /** A Flowline module's dependency list. */
  TestJars dependencies(String... fileNames) {
    return text(
        ClassPathInspector.DEPENDENCIES_RESOURCE,
        String.join(":", java.util.Arrays.stream(fileNames).map(n -> "lib/" + n).toList()));
  }

  /** A Flowline datastore module's kind (with its dependency list). */
  TestJars datastore(String kind, String... dependencies) {
    dependencies(dependencies);
    return text(ClassPathInspector.DATASTORE_RESOURCE, kind + "\n");
  }

  /** A {@code META-INF/services} entry. */
  TestJars service(String interfaceName, String implementation) {
    return text("META-INF/services/" + interfaceName, implementation + "\n");
  }

  TestJars text(String name, String content) {
    entries.put(name, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  Path writeTo(Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        var zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** Writes the entries as files below {@code folder} (a class folder). */
  Path writeToFolder(Path folder) throws IOException {
    for (var e : entries.entrySet()) {
      Path f = folder.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
    return folder;
  }

  static byte[] classFile(String name, String... fieldTypes) {
    var w = new ClassWriter(0);
    w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
    int i = 0;
    for (String t : fieldTypes) {
      w.visitField(Opcodes.ACC_PUBLIC, "f" + i++, "L" + t + ";", null, null).visitEnd();
    }
    w.visitEnd();
    return w.toByteArray();
  }
}
