package dev.flowline.testkit.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pod IP addresses: every pod (except {@code hostNetwork} ones) gets its own address from {@value
 * #RANGE}, the range RFC 2544 sets aside for benchmarks, which no real network routes. One kernel
 * route, {@code local 198.18.0.0/15 dev lo}, makes every address of the range local ("AnyIP"): a
 * process binds any of them without configuring the address, and every process of the machine
 * reaches it through the loopback device. So pods need no network namespace and still reach the API
 * server and every other cluster service at 127.0.0.1, while each pod has an address of its own
 * that EndpointSlices accept (the API server rejects loopback addresses there, so 127.x addresses
 * would leave headless Services without endpoints).
 *
 * <p>Clusters side by side on one machine share the route and split the range into {@value #BLOCKS}
 * blocks of 4096 addresses: the agent holds a lock on its block's file (an OS file lock, released
 * when the agent's process ends, also when it is killed) for its whole life. Within its block the
 * agent hands addresses out in turn (as CNI's host-local allocator does), skipping those in use, so
 * an address is reused only after the other 4093 were.
 */
final class PodAddresses implements AutoCloseable {

  /** The range pod addresses come from. */
  static final String RANGE = "198.18.0.0/15";

  /** How many blocks (of 4096 addresses) the range holds. */
  static final int BLOCKS = 32;

  private static final int BLOCK_SIZE = 4096;
  private static final long BASE = (198L << 24) | (18L << 16);

  private final int block;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, String> byUid = new HashMap<>();
  private final Map<String, String> inUse = new HashMap<>();
  private int next = 1;

  private PodAddresses(int block, FileChannel lockChannel, FileLock lock) {
    this.block = block;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Makes the range local (once per machine) and claims a free block; the first block tried depends
   * on {@code stateDir}, so a cluster started again in the same folder usually gets the same
   * addresses.
   *
   * @throws IllegalStateException with what to do when the route cannot be set up or every block is
   *     taken
   */
  static PodAddresses claim(Path stateDir, Path lockDir) throws IOException {
    ensureRoute();
    Files.createDirectories(lockDir);
    int first = Math.floorMod(stateDir.toAbsolutePath().normalize().toString().hashCode(), BLOCKS);
    for (int i = 0; i < BLOCKS; i++) {
      int candidate = (first + i) % BLOCKS;
      var channel =
          FileChannel.open(
              lockDir.resolve("block-" + candidate + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this process (another agent in the same JVM, as in tests)
      }
      if (lock != null) {
        channel.truncate(0);
        channel.write(
            StandardCharsets.UTF_8.encode(
                ProcessHandle.current().pid() + " " + stateDir.toAbsolutePath() + "\n"));
        return new PodAddresses(candidate, channel, lock);
      }
      channel.close();
    }
    throw new IllegalStateException(
        "node agent: all "
            + BLOCKS
            + " pod address blocks of "
            + RANGE
            + " are held by other node agents on this machine (lock files in "
            + lockDir
            + "); stop a cluster you no longer need (bin/flowline-cluster down --dir DIR)");
  }

  /** The first address of this agent's block, e.g. {@code 198.18.16.0}, and its size. */
  String block() {
    return address(0) + "/20";
  }

  /** The address of the pod with this UID, allocated on the first call. */
  synchronized String allocate(String uid) {
    var known = byUid.get(uid);
    if (known != null) {
      return known;
    }
    for (int tries = 0; tries < BLOCK_SIZE; tries++) {
      int offset = next;
      next = next + 1 >= BLOCK_SIZE - 1 ? 1 : next + 1;
      int last = offset & 0xff;
      if (last == 0 || last == 255) {
        continue;
      }
      var ip = address(offset);
      if (!inUse.containsKey(ip)) {
        inUse.put(ip, uid);
        byUid.put(uid, ip);
        return ip;
      }
    }
    throw new IllegalStateException(
        "node agent: every address of the block " + block() + " is in use by a pod");
  }

  /** The pod's address is free again (its containers ended). */
  synchronized void release(String uid) {
    var ip = byUid.remove(uid);
    if (ip != null) {
      inUse.remove(ip);
    }
  }

  private String address(int offset) {
    long a = BASE + (long) block * BLOCK_SIZE + offset;
    return ((a >> 24) & 0xff)
        + "."
        + ((a >> 16) & 0xff)
        + "."
        + ((a >> 8) & 0xff)
        + "."
        + (a & 0xff);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    lockChannel.close();
  }

  /**
   * Adds {@code local 198.18.0.0/15 dev lo} to the kernel's local routing table unless an address
   * of the range can already be bound.
   */
  private static void ensureRoute() {
    if (bindable()) {
      return;
    }
    String output;
    int code;
    try {
      var process =
          new ProcessBuilder(ipCommand(), "route", "replace", "local", RANGE, "dev", "lo")
              .redirectErrorStream(true)
              .start();
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      code = process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (IOException e) {
      output = e.getMessage();
      code = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("node agent: interrupted while adding the pod route", e);
    }
    if (code != 0 || !bindable()) {
      throw new IllegalStateException(
          "node agent: cannot give pods their own addresses: 'ip route replace local "
              + RANGE
              + " dev lo' failed ("
              + (output.isEmpty() ? "exit " + code : output)
              + "); the agent needs root (CAP_NET_ADMIN) and iproute2's ip; add the route by hand"
              + " as root and start the cluster again");
    }
  }

  private static String ipCommand() {
    for (var candidate : new String[] {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "ip";
  }

  private static boolean bindable() {
    try (var socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("198.19.255.254"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
