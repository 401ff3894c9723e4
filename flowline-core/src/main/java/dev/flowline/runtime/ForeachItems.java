package dev.flowline.runtime;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/** The items a foreach fans out over: a collection, an array or any iterable. */
final class ForeachItems {
  private ForeachItems() {}

  static int count(Object items, String step, String field) {
    if (items instanceof Collection<?> c) {
      return c.size();
    } else if (items != null && items.getClass().isArray()) {
      return Array.getLength(items);
    } else if (items instanceof Iterable<?> it) {
      int n = 0;
      for (Iterator<?> i = it.iterator(); i.hasNext(); i.next()) {
        n++;
      }
      return n;
    }
    throw new IllegalStateException(
        "step '"
            + step
            + "': foreach over field '"
            + field
            + "', which holds "
            + (items == null ? "null" : "a " + items.getClass().getName())
            + ". Set it to a collection or an array before calling foreach().");
  }

  static Object element(Object items, int index) {
    if (items instanceof List<?> l) {
      return l.get(index);
    } else if (items != null && items.getClass().isArray()) {
      return Array.get(items, index);
    }
    Iterator<?> it = ((Iterable<?>) items).iterator();
    for (int i = 0; i < index; i++) {
      it.next();
    }
    return it.next();
  }
}
