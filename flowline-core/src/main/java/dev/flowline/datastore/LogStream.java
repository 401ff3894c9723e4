package dev.flowline.datastore;

/** The two log streams of a task attempt. */
public enum LogStream {
  /** Standard output. */
  STDOUT("stdout.log"),
  /** Standard error. */
  STDERR("stderr.log");

  private final String fileSuffix;

  LogStream(String fileSuffix) {
    this.fileSuffix = fileSuffix;
  }

  /** The file name after {@code N.}, e.g. {@code stdout.log}. */
  public String fileSuffix() {
    return fileSuffix;
  }
}
