package dev.flowline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Array;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How {@code dump} shows an artifact's value within {@code --max-value-size} characters: strings
 * are cut, arrays, collections and maps show their first elements, any other value its text or JSON
 * up to the limit; none is ever rendered whole when it is larger (a 300 MB {@code double[]} costs
 * only its first elements). JDK implementation classes are shown by their public type.
 */
final class DumpValues {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** Public JDK types that stand for their hidden implementations, most specific first. */
  private static final List<Class<?>> PUBLIC_TYPES =
      List.of(
          java.util.NavigableMap.class,
          java.util.SortedMap.class,
          Map.class,
          java.util.List.class,
          java.util.NavigableSet.class,
          java.util.SortedSet.class,
          java.util.Set.class,
          java.util.Deque.class,
          java.util.Queue.class,
          Collection.class,
          Map.Entry.class,
          Iterable.class);

  private final int max;

  /** Values shown within {@code max} characters. */
  DumpValues(int max) {
    this.max = max;
  }

  /**
   * The type to show for the stored type name {@code type}: a JDK class that is not public (e.g.
   * {@code java.util.ImmutableCollections$ListN}) by the public collection type it implements
   * ({@code java.util.List}), an array by its Java name ({@code double[]} for {@code [D}); any
   * other name as it is.
   */
  static String typeName(String type, ClassLoader loader) {
    if (type.startsWith("[")) {
      // an array's binary name ([D, [Ljava.lang.String;) as Java writes it: double[], String[]
      try {
        return Class.forName(type, false, loader).getTypeName();
      } catch (ClassNotFoundException | LinkageError e) {
        return type;
      }
    }
    if (!(type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun."))) {
      return type;
    }
    Class<?> c;
    try {
      c = Class.forName(type, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return type;
    }
    if (Modifier.isPublic(c.getModifiers()) && (c.getEnclosingClass() == null || !isHidden(c))) {
      return type;
    }
    for (Class<?> p : PUBLIC_TYPES) {
      if (p.isAssignableFrom(c)) {
        return p.getName();
      }
    }
    return type;
  }

  private static boolean isHidden(Class<?> c) {
    for (Class<?> e = c.getEnclosingClass(); e != null; e = e.getEnclosingClass()) {
      if (!Modifier.isPublic(e.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  /** The value as one line of text, at most about {@code max} characters. */
  String text(Object value) {
    if (value instanceof byte[] b) {
      return "byte[" + b.length + "]";
    }
    if (value instanceof CharSequence cs && cs.length() > max) {
      return cs.subSequence(0, max) + "... (" + cs.length() + " chars)";
    }
    var out = new StringBuilder();
    appendText(out, value);
    if (out.length() > max) {
      return out.substring(0, max) + "...";
    }
    return out.toString();
  }

  private void appendText(StringBuilder out, Object value) {
    if (value != null && value.getClass().isArray()) {
      int length = Array.getLength(value);
      appendElements(out, new ArrayElements(value), length, "[", "]");
    } else if (value instanceof Collection<?> c) {
      appendElements(out, c.iterator(), c.size(), "[", "]");
    } else if (value instanceof Map<?, ?> m) {
      appendElements(out, m.entrySet().iterator(), m.size(), "{", "}");
    } else if (value instanceof Map.Entry<?, ?> e) {
      appendText(out, e.getKey());
      out.append('=');
      appendText(out, e.getValue());
    } else {
      String s = String.valueOf(value);
      out.append(s, 0, Math.min(s.length(), Math.max(0, max + 1 - out.length())));
    }
  }

  private void appendElements(
      StringBuilder out, Iterator<?> elements, int size, String open, String close) {
    out.append(open);
    int shown = 0;
    while (elements.hasNext() && out.length() <= max) {
      if (shown > 0) {
        out.append(", ");
      }
      appendText(out, elements.next());
      shown++;
    }
    if (shown < size) {
      out.append(shown > 0 ? ", " : "").append("... (").append(size).append(" items)");
    }
    out.append(close);
  }

  /**
   * Sets {@code "value"} on {@code artifact}: the whole value as JSON when it fits in {@code max}
   * characters; else the first elements of an array, collection or map (with {@code "truncated":
   * true} and {@code "length"}), or the first characters of a string or of any other value's JSON
   * (with {@code "truncated": true}).
   */
  void putJson(ObjectNode artifact, Object value) {
    if (value instanceof byte[] b) {
      artifact.put("value", "byte[" + b.length + "]");
      artifact.put("truncated", b.length > 0);
      artifact.put("length", b.length);
      return;
    }
    if (value instanceof CharSequence cs) {
      if (cs.length() > max) {
        artifact.put("value", cs.subSequence(0, max).toString());
        artifact.put("truncated", true);
      } else {
        artifact.put("value", cs.toString());
      }
      return;
    }
    Iterator<?> elements = null;
    int size = 0;
    if (value != null && value.getClass().isArray()) {
      elements = new ArrayElements(value);
      size = Array.getLength(value);
    } else if (value instanceof Collection<?> c) {
      elements = c.iterator();
      size = c.size();
    } else if (value instanceof Map<?, ?> m) {
      elements = m.entrySet().iterator();
      size = m.size();
    }
    if (elements == null) {
      putBounded(artifact, value);
      return;
    }
    boolean map = value instanceof Map<?, ?>;
    ArrayNode list = JSON.createArrayNode();
    ObjectNode object = JSON.createObjectNode();
    int used = 2;
    int shown = 0;
    while (elements.hasNext()) {
      Object next = elements.next();
      Object element = map ? ((Map.Entry<?, ?>) next).getValue() : next;
      String key = map ? String.valueOf(((Map.Entry<?, ?>) next).getKey()) : null;
      String json = boundedJson(element, max - used);
      if (json == null) {
        break;
      }
      used += json.length() + 1 + (key == null ? 0 : key.length() + 3);
      if (used > max) {
        break;
      }
      JsonNode node = parse(json);
      if (map) {
        object.set(key, node);
      } else {
        list.add(node);
      }
      shown++;
    }
    artifact.set("value", map ? object : list);
    if (shown < size) {
      artifact.put("truncated", true);
      artifact.put("length", size);
    }
  }

  private void putBounded(ObjectNode artifact, Object value) {
    String json = boundedJson(value, max);
    if (json != null) {
      artifact.set("value", parse(json));
      return;
    }
    String text = firstCharacters(value);
    artifact.put("value", text);
    artifact.put("truncated", true);
  }

  /** The first {@code max} characters of the value's JSON (or text, when it has no JSON form). */
  private String firstCharacters(Object value) {
    var out = new BoundedWriter(max);
    try {
      JSON.writeValue(out, value);
    } catch (BoundedWriter.Full e) {
      return out.text();
    } catch (IOException | RuntimeException e) {
      String s = String.valueOf(value);
      return s.substring(0, Math.min(max, s.length()));
    }
    return out.text();
  }

  /** The value's JSON when it has at most {@code limit} characters; null when it is longer. */
  private static String boundedJson(Object value, int limit) {
    if (limit <= 0) {
      return null;
    }
    var out = new BoundedWriter(limit);
    try {
      JSON.writeValue(out, value);
      return out.text();
    } catch (BoundedWriter.Full e) {
      return null;
    } catch (IOException | RuntimeException e) {
      // no JSON form (e.g. a cycle): its text, as a JSON string
      String text = String.valueOf(value);
      try {
        return text.length() + 2 > limit ? null : JSON.writeValueAsString(text);
      } catch (IOException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("JSON written by Jackson cannot be read back: " + json, e);
    }
  }

  /** The elements of any array, boxed. */
  private static final class ArrayElements implements Iterator<Object> {
    private final Object array;
    private final int length;
    private int next;

    ArrayElements(Object array) {
      this.array = array;
      this.length = Array.getLength(array);
    }

    @Override
    public boolean hasNext() {
      return next < length;
    }

    @Override
    public Object next() {
      if (next >= length) {
        throw new java.util.NoSuchElementException();
      }
      return Array.get(array, next++);
    }
  }

  /** A writer that keeps at most {@code limit} characters and stops the writing beyond them. */
  private static final class BoundedWriter extends Writer {
    /** Thrown when the limit is passed: the value is longer. */
    static final class Full extends IOException {
      Full() {
        super("more than the limit");
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this; // control flow only: no stack trace to fill in
      }
    }

    private final StringBuilder text = new StringBuilder();
    private final int limit;

    BoundedWriter(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      int room = limit - text.length();
      text.append(cbuf, off, Math.min(len, Math.max(room, 0)));
      if (len > room) {
        throw new Full();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    String text() {
      return text.toString();
    }
  }
}
