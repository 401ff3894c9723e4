package dev.flowline.kubernetes.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches a run's code package inside a pod and prints its class path: the first thing a task
 * container runs when its image does not hold the application. Written against the JDK alone (JRE
 * images have no curl, no Python and no source launcher) and compiled to one class file, which the
 * Job carries base64-encoded in {@code FLOWLINE_BOOTSTRAP}; keep it so (no inner, anonymous, enum
 * or record classes; lambdas would be allowed but slow the start; {@code CodeFetcherTest} checks).
 *
 * <p>{@code java -cp DIR dev.flowline.kubernetes.bootstrap.CodeFetcher MANIFEST_URL TARGET_DIR}
 * reads the manifest (first line {@value #HEADER}, then one line per file: {@code SHA256 SIZE NAME
 * URL}, in class path order), downloads each file that {@code TARGET_DIR} does not already hold
 * with the right SHA-256 ({@value #THREADS} at a time, through a temporary file moved into place
 * once its size and hash are right), and prints {@code TARGET_DIR/NAME} of every file joined by
 * {@code :} on standard output, and a one-line summary on standard error.
 *
 * <p>Failures: a connection error, HTTP 5xx or 429 is retried with exponential back-off (0.5 s, 1
 * s, 2 s, 4 s, each plus up to a quarter: {@value #ATTEMPTS} attempts; a {@code Retry-After} of up
 * to 30 s is honoured); a file whose bytes hash differently is deleted and fetched once more. What
 * is left ends the process with exit code 1 and one line per failed file on standard error naming
 * the file, the store's host, the cause and what to check (an HTTP 403 means the signed URL expired
 * or its signer lacks read access). URLs are signed, so they are credentials: no message prints
 * one. Wrong arguments exit with code 2.
 */
public final class CodeFetcher implements Runnable {
  /** The first line of a manifest (format version 1). */
  public static final String HEADER = "flowline-code-manifest 1";

  /** Attempts per file for transient failures. */
  public static final int ATTEMPTS = 5;

  /** Files downloaded at a time. */
  public static final int THREADS = 4;

  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_RETRY_AFTER_MILLIS = 30_000;
  private static final int MAX_MANIFEST_BYTES = 4 << 20;
  private static final String NAME_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-";
  private static final String NETWORK_HINT =
      " Check the pod's network access to the store (egress rules, proxy, DNS), then re-run the"
          + " step.";

  private final Path dir;
  private final String[] shas;
  private final long[] sizes;
  private final String[] names;
  private final String[] urls;
  private final String[] errors;
  private final boolean[] downloaded;
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean failed;

  private CodeFetcher(Path dir, int files) {
    this.dir = dir;
    this.shas = new String[files];
    this.sizes = new long[files];
    this.names = new String[files];
    this.urls = new String[files];
    this.errors = new String[files];
    this.downloaded = new boolean[files];
  }

  /**
   * Fetches the code package of manifest {@code args[0]} into folder {@code args[1]} and prints its
   * class path; exits with 0 on success, 1 when a file could not be fetched, 2 on wrong arguments.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** {@link #main} without exiting: the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || args[1].isEmpty()) {
      err.println(
          "flowline code fetcher: usage: java -cp DIR "
              + CodeFetcher.class.getName()
              + " MANIFEST_URL TARGET_DIR (got "
              + args.length
              + " arguments)");
      return 2;
    }
    String manifestUrl = args[0];
    if (!manifestUrl.startsWith("https://") && !manifestUrl.startsWith("http://")) {
      err.println(
          "flowline: cannot fetch the code package: FLOWLINE_CODE_URL holds no http(s) URL"
              + (manifestUrl.isEmpty() ? " (it is empty)" : "")
              + ". The Kubernetes launcher sets it to the signed URL of the run's code manifest;"
              + " a Job printed by 'kubernetes render' has a placeholder. Start the step with"
              + " 'run' (e.g. --with kubernetes), or use an image that holds the application"
              + " (METAFLOW_KUBERNETES_CODE_PACKAGE=image, or set FLOWLINE_CLASSPATH).");
      return 2;
    }
    long started = System.nanoTime();
    Path dir = Path.of(args[1]).toAbsolutePath();
    String host = host(manifestUrl);
    CodeFetcher fetcher;
    try {
      Files.createDirectories(dir);
      fetcher = parse(dir, new String(manifest(manifestUrl, dir), StandardCharsets.UTF_8), host);
    } catch (IOException e) {
      if (isFailure(e)) {
        err.println("flowline: cannot fetch the code package: " + e.getMessage());
      } else {
        err.println(
            "flowline: cannot fetch the code package into "
                + dir
                + ": "
                + scrub(e.toString(), manifestUrl)
                + ". Check that the folder is writable (with a read-only root file system, set"
                + " TMPDIR to a writable volume such as an emptyDir).");
      }
      return 1;
    }
    return fetcher.fetchAll(out, err, host, started);
  }

  private int fetchAll(PrintStream out, PrintStream err, String host, long started) {
    int threads = Math.min(THREADS, names.length);
    Thread[] workers = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Thread(this, "flowline-fetch");
      workers[i].start();
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        err.println("flowline: interrupted while fetching the code package");
        return 1;
      }
    }
    boolean ok = true;
    int fetched = 0;
    long bytes = 0;
    StringBuilder classPath = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      if (errors[i] != null) {
        err.println("flowline: cannot fetch the code package: " + errors[i]);
        ok = false;
      }
      if (downloaded[i]) {
        fetched++;
        bytes += sizes[i];
      }
      if (i > 0) {
        classPath.append(':');
      }
      classPath.append(dir.resolve(names[i]));
    }
    if (!ok || failed) {
      return 1;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    err.println(
        new StringBuilder("flowline: code package: ")
            .append(names.length)
            .append(" files from ")
            .append(host)
            .append(": ")
            .append(fetched)
            .append(" downloaded (")
            .append(bytes / 1000)
            .append(" kB), ")
            .append(names.length - fetched)
            .append(" already here, in ")
            .append(millis)
            .append(" ms"));
    out.println(classPath);
    out.flush();
    return 0;
  }

  /** A worker: fetches files until none is left or one failed. */
  @Override
  public void run() {
    for (int i = next.getAndIncrement(); i < names.length && !failed; i = next.getAndIncrement()) {
      try {
        downloaded[i] = fetch(i);
      } catch (IOException e) {
        errors[i] = isFailure(e) ? e.getMessage() : names[i] + ": " + scrub(e.toString(), urls[i]);
        failed = true;
      } catch (RuntimeException e) {
        errors[i] = names[i] + ": " + scrub(e.toString(), urls[i]);
        failed = true;
      }
    }
  }

  private static CodeFetcher parse(Path dir, String text, String host) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw failure(
          "the code manifest from "
              + host
              + " does not start with '"
              + HEADER
              + "': it was written by another Flowline version, or the URL points elsewhere."
              + " Launch with the Flowline version whose fetcher the Job carries, or re-run the"
              + " flow.");
    }
    CodeFetcher f = new CodeFetcher(dir, lines.size() - 1);
    for (int i = 1; i < lines.size(); i++) {
      String[] p = lines.get(i).split(" ");
      String problem = null;
      if (p.length != 4) {
        problem = "it has " + p.length + " fields, not 4 (sha256 size name url)";
      } else if (p[0].length() != 64 || !allOf(p[0], "0123456789abcdef")) {
        problem = "its hash is not 64 lower-case hex digits";
      } else if (p[1].isEmpty() || p[1].length() > 18 || !allOf(p[1], "0123456789")) {
        problem = "its size is not a number";
      } else if (!safeName(p[2])) {
        problem = "its file name is not a plain name of [A-Za-z0-9._+-] (not starting with '.')";
      }
      if (problem != null) {
        throw failure(
            "line "
                + (i + 1)
                + " of the code manifest from "
                + host
                + " is malformed: "
                + problem
                + ". Re-run the flow to write the manifest anew.");
      }
      f.shas[i - 1] = p[0];
      f.sizes[i - 1] = Long.parseLong(p[1]);
      f.names[i - 1] = p[2];
      f.urls[i - 1] = p[3];
    }
    return f;
  }

  private static boolean allOf(String s, String characters) {
    for (int i = 0; i < s.length(); i++) {
      if (characters.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean safeName(String name) {
    return !name.isEmpty() && !name.startsWith(".") && allOf(name, NAME_CHARACTERS);
  }

  /** Downloads file {@code i} unless it is here already; whether it was downloaded. */
  private boolean fetch(int i) throws IOException {
    Path target = dir.resolve(names[i]);
    if (Files.isRegularFile(target)
        && Files.size(target) == sizes[i]
        && shas[i].equals(sha256(target))) {
      return false;
    }
    // a name of its own: another fetcher may fill the same folder at the same time
    Path part = dir.resolve("." + names[i] + "." + Long.toHexString(System.nanoTime()) + ".part");
    String[] reason = new String[1];
    long[] retryAfter = new long[1];
    boolean hashRetried = false;
    for (int attempt = 1; ; attempt++) {
      String actual = download(urls[i], names[i], part, attempt, reason, retryAfter);
      if (actual == null) {
        if (attempt >= ATTEMPTS) {
          throw failure(
              names[i]
                  + " (from "
                  + host(urls[i])
                  + "): "
                  + reason[0]
                  + " in each of "
                  + ATTEMPTS
                  + " attempts."
                  + NETWORK_HINT);
        }
        sleep(Math.max(backoff(attempt), retryAfter[0]));
        continue;
      }
      long size = Files.size(part);
      if (actual.equals(shas[i]) && size == sizes[i]) {
        Files.move(
            part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
      }
      Files.deleteIfExists(part);
      if (hashRetried) {
        throw failure(
            names[i]
                + " (from "
                + host(urls[i])
                + "): its bytes hash to "
                + actual
                + " ("
                + size
                + " bytes), but the manifest expects "
                + shas[i]
                + " ("
                + sizes[i]
                + " bytes), twice. The object in the store was changed or damaged: delete it (its"
                + " key ends in the expected hash) and re-run the flow to upload it anew.");
      }
      hashRetried = true;
      attempt--;
    }
  }

  /**
   * One GET of {@code url} into {@code part}: the SHA-256 of what arrived, or null when a retry may
   * cure what happened ({@code reason[0]} says what, {@code retryAfter[0]} how long the server
   * asked to wait).
   *
   * @throws IOException for what a retry cannot cure
   */
  private static String download(
      String url, String name, Path part, int attempt, String[] reason, long[] retryAfter)
      throws IOException {
    reason[0] = null;
    retryAfter[0] = 0;
    HttpURLConnection c;
    int status;
    try {
      c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(30_000);
      c.setReadTimeout(60_000);
      c.setRequestProperty("User-Agent", "flowline-code-fetcher");
      status = c.getResponseCode();
    } catch (IllegalArgumentException e) {
      throw failure(
          name + ": its URL in the manifest is malformed. Re-run the flow to write it anew.");
    } catch (IOException e) {
      reason[0] = scrub(e.toString(), url);
      return null;
    }
    if (status == 200) {
      MessageDigest digest = sha256();
      try (InputStream in = c.getInputStream();
          OutputStream out = Files.newOutputStream(part)) {
        byte[] buf = new byte[64 * 1024];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          digest.update(buf, 0, n);
          out.write(buf, 0, n);
        }
      } catch (FileSystemException e) {
        throw e; // the pod's disk, not the network: a retry does not help
      } catch (IOException e) {
        Files.deleteIfExists(part);
        reason[0] = scrub(e.toString(), url);
        return null;
      }
      return HexFormat.of().formatHex(digest.digest());
    }
    String retryAfterHeader = c.getHeaderField("Retry-After");
    drain(c);
    if (status == 429 || status >= 500) {
      reason[0] = "HTTP " + status;
      retryAfter[0] = retryAfterMillis(retryAfterHeader);
      return null;
    }
    String host = host(url);
    if (status == 403) {
      throw failure(
          name
              + " (from "
              + host
              + "): HTTP 403 Forbidden: the store refused the signed URL. It has most likely"
              + " expired (signed URLs last METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL, at most 7"
              + " days, and no longer than the session credentials that signed them), or those"
              + " credentials cannot read the key. Re-run (or resume) the flow to sign new URLs.");
    }
    if (status == 404) {
      throw failure(
          name
              + " (from "
              + host
              + "): HTTP 404 Not Found: the object is gone from the store (deleted, e.g. by a"
              + " lifecycle rule on _flowline/packages/). Re-run the flow to upload it anew.");
    }
    throw failure(
        name
            + " (from "
            + host
            + "): HTTP "
            + status
            + " (attempt "
            + attempt
            + "). Check the store's access policy for signed URLs, then re-run the flow.");
  }

  /** The manifest's bytes, fetched with the same retries (no hash is known for it). */
  private static byte[] manifest(String url, Path dir) throws IOException {
    String[] reason = new String[1];
    long[] retryAfter = new long[1];
    for (int attempt = 1; ; attempt++) {
      byte[] bytes = manifestOnce(url, dir.resolve(".manifest.part"), attempt, reason, retryAfter);
      if (bytes != null) {
        return bytes;
      }
      if (attempt >= ATTEMPTS) {
        throw failure(
            "the code manifest (from "
                + host(url)
                + "): "
                + reason[0]
                + " in each of "
                + ATTEMPTS
                + " attempts."
                + NETWORK_HINT);
      }
      sleep(Math.max(backoff(attempt), retryAfter[0]));
    }
  }

  private static byte[] manifestOnce(
      String url, Path scratch, int attempt, String[] reason, long[] retryAfter)
      throws IOException {
    try {
      if (download(url, "the code manifest", scratch, attempt, reason, retryAfter) == null) {
        return null;
      }
      long size = Files.size(scratch);
      if (size > MAX_MANIFEST_BYTES) {
        throw failure(
            "the code manifest (from "
                + host(url)
                + ") has "
                + size
                + " bytes, more than a manifest ever has: the URL points elsewhere. Re-run the"
                + " flow.");
      }
      return Files.readAllBytes(scratch);
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  private static void drain(HttpURLConnection c) {
    try (InputStream e = c.getErrorStream()) {
      if (e != null) {
        e.transferTo(new ByteArrayOutputStream());
      }
    } catch (IOException ignored) {
      // the body of an error is not needed: the status says what happened
    }
  }

  private static long retryAfterMillis(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.min(MAX_RETRY_AFTER_MILLIS, Long.parseLong(header.trim()) * 1000);
    } catch (NumberFormatException e) {
      return 0; // an HTTP date: the back-off applies
    }
  }

  private static long backoff(int attempt) {
    long base = FIRST_BACKOFF_MILLIS << (attempt - 1);
    return base + ThreadLocalRandom.current().nextLong(base / 4 + 1);
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting to retry");
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JRE has no SHA-256", e);
    }
  }

  /** The host of {@code url}, which messages may name; the URL itself is a credential. */
  static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "an unnamed host" : host;
    } catch (IllegalArgumentException e) {
      return "a malformed URL";
    }
  }

  /** {@code message} without {@code url} and without any query string (signatures). */
  static String scrub(String message, String url) {
    String s = message.replace(url, "<signed URL>");
    int q = url.indexOf('?');
    if (q > 0) {
      s = s.replace(url.substring(0, q), "<signed URL>");
    }
    return s.replaceAll("\\?[^\\s)]*", "?<signature>");
  }

  /**
   * A failure a retry cannot cure, whose message is what the user reads: a plain {@link
   * IOException} (a class of its own would be a second class file). The JDK's own I/O failures are
   * subclasses (e.g. {@code FileSystemException}) and are reported with their type.
   */
  private static IOException failure(String message) {
    return new IOException(message);
  }

  private static boolean isFailure(IOException e) {
    return e.getClass() == IOException.class;
  }
}
