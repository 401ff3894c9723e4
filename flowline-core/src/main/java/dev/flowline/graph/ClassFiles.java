package dev.flowline.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * Reads {@code .class} resources through a class loader without loading (or initialising) the
 * classes, and keeps what it read for the duration of one graph read.
 */
final class ClassFiles {
  private final ClassLoader loader;
  private final Map<String, Optional<ClassNode>> cache = new HashMap<>();

  ClassFiles(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * The class with internal name {@code internalName} ({@code a/b/C}), if its class file is
   * visible.
   */
  Optional<ClassNode> find(String internalName) {
    return cache.computeIfAbsent(internalName, this::read);
  }

  /** Parses {@code bytes} and remembers the class under its own name. */
  ClassNode parse(byte[] bytes) {
    ClassNode node = new ClassNode();
    new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
    cache.put(node.name, Optional.of(node));
    return node;
  }

  private Optional<ClassNode> read(String internalName) {
    if (loader == null) {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        return Optional.empty();
      }
      ClassNode node = new ClassNode();
      new ClassReader(in.readAllBytes()).accept(node, ClassReader.SKIP_FRAMES);
      return Optional.of(node);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + internalName + ".class: " + e.getMessage(), e);
    }
  }
}
