package dev.flowline.testkit.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts Azurite's blob service (pinned in {@code .ci/tools}, installed with {@code npm ci} when
 * missing) on a random loopback port, and stops it. Always with {@code --disableTelemetry} (no
 * traffic leaves the machine) and {@code --skipApiVersionCheck} (Azurite 3.35, the last release for
 * Node 20, knows service versions up to 2025-11-05; the SDK sends a newer one).
 */
public final class AzuriteLauncher implements AutoCloseable {
  /** The fixed, public key of Azurite's development account {@code devstoreaccount1}. */
  public static final String ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  /** The development account name. */
  public static final String ACCOUNT = "devstoreaccount1";

  private static final Pattern LISTENING =
      Pattern.compile("successfully listens on http://[^:]+:(\\d+)");

  private final Path executable;
  private final Optional<Path> location;
  private final List<String> output = new ArrayList<>();
  private Process process;
  private int port;

  private AzuriteLauncher(Path executable, Optional<Path> location) {
    this.executable = executable;
    this.location = location;
  }

  /** Starts Azurite in memory on a random port. */
  public static AzuriteLauncher start() throws IOException {
    return start(Optional.empty());
  }

  /**
   * Starts Azurite on a random port, keeping its data in {@code location} when given (so a {@link
   * #restart()} sees what was stored before), else in memory.
   */
  public static AzuriteLauncher start(Optional<Path> location) throws IOException {
    AzuriteLauncher launcher =
        new AzuriteLauncher(CiTools.locate().executable("azurite-blob"), location);
    launcher.launch(0);
    return launcher;
  }

  /** The port the blob service listens on. */
  public int port() {
    return port;
  }

  /**
   * The blob service endpoint of the development account, {@code
   * http://127.0.0.1:PORT/devstoreaccount1}.
   */
  public String blobEndpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** A connection string for the development account. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + ACCOUNT_KEY
        + ";BlobEndpoint="
        + blobEndpoint()
        + ";";
  }

  /** Kills the server at once, as a crash or a dropped network would (data on disk stays). */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitForExit(process);
      process = null;
    }
  }

  /** Starts the server again on the same port (after {@link #kill()}). */
  public synchronized void restart() throws IOException {
    kill();
    launch(port);
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          waitForExit(process);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  private void launch(int requestedPort) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                executable.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                String.valueOf(requestedPort),
                "--disableTelemetry",
                "--skipApiVersionCheck",
                "--silent"));
    if (location.isPresent()) {
      command.add("--location");
      command.add(location.get().toString());
    } else {
      command.add("--inMemoryPersistence");
      command.add("--extentMemoryLimit");
      command.add("2048");
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> drain(p, listening), "azurite-output");
    reader.setDaemon(true);
    reader.start();
    try {
      port = listening.get(60, TimeUnit.SECONDS);
      process = p;
    } catch (TimeoutException | ExecutionException e) {
      p.destroyForcibly();
      throw new IOException(
          "Azurite ("
              + executable
              + ") did not start listening within 60 s. Its output: "
              + outputText(),
          e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting Azurite", e);
    }
  }

  private void drain(Process p, CompletableFuture<Integer> listening) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (output) {
          if (output.size() < 200) {
            output.add(line);
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          listening.complete(Integer.parseInt(m.group(1)));
        }
      }
      listening.completeExceptionally(new IOException("Azurite exited with code " + p.waitFor()));
    } catch (IOException | InterruptedException e) {
      listening.completeExceptionally(e);
    }
  }

  private String outputText() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  private static void waitForExit(Process p) {
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
