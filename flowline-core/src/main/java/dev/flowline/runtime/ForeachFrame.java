package dev.flowline.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One level of foreach around a task: the split task, the field it iterates, this task's index and
 * the number of items. Stored with every task (artifact {@code _foreach_stack}) so that {@code
 * input()} and {@code index()} work in every step of a foreach body, and joins know which level
 * they close.
 *
 * @param splitPath pathspec {@code run/step/task} of the foreach step's task
 * @param field the iterated field of that task
 * @param index this task's item index
 * @param count the number of items
 */
public record ForeachFrame(String splitPath, String field, int index, int count) {

  /** Encodes a stack, outermost first, as one line of text. */
  public static String encode(List<ForeachFrame> stack) {
    var parts = new ArrayList<String>();
    for (ForeachFrame f : stack) {
      parts.add(f.splitPath + "|" + f.field + "|" + f.index + "|" + f.count);
    }
    return String.join(";", parts);
  }

  /** Decodes {@link #encode}'s form. */
  public static List<ForeachFrame> decode(String text) {
    var stack = new ArrayList<ForeachFrame>();
    if (text == null || text.isEmpty()) {
      return stack;
    }
    for (String part : text.split(";")) {
      String[] f = part.split("\\|");
      stack.add(new ForeachFrame(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
    }
    return stack;
  }
}
