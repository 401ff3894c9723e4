package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The cluster's DNS, as kube-dns/CoreDNS answers for headless Services, given to every pod through
 * its {@code /etc/hosts}: the agent writes one hosts file per pod (bind-mounted over {@code
 * /etc/hosts} in each of its containers, as kubelet does) with kubelet's own lines (localhost, the
 * pod's own address with {@code <hostname>.<subdomain>.<namespace>.svc.cluster.local} and {@code
 * <hostname>}, {@code hostAliases}) followed by the records of every headless Service's
 * EndpointSlices: {@code <hostname>.<service>.<namespace>.svc.cluster.local} for each ready
 * endpoint with a hostname (the EndpointSlice controller sets it for pods whose {@code subdomain}
 * is the Service's name) and {@code <service>.<namespace>.svc.cluster.local} for each ready
 * endpoint. Pods have no search domains, so the names a search path would complete are written out:
 * {@code <name>.<namespace>.svc} and {@code <name>.<namespace>} for every record, and {@code
 * <hostname>.<service>} and {@code <service>} for the pod's own namespace.
 *
 * <p>The files are rewritten in place whenever the records change (a bind mount keeps the inode, so
 * a renamed new file would not be seen): a running container sees a peer that appeared after it
 * started on its next lookup (glibc, and so Java, reads {@code /etc/hosts} on every lookup; Java
 * keeps a failed lookup 10 s and a found one 30 s by default).
 */
final class ClusterDns implements ResourceEventHandler<EndpointSlice> {

  /** The cluster domain, as kubelet's {@code --cluster-domain}. */
  static final String DOMAIN = "cluster.local";

  private static final String HEADLESS = "service.kubernetes.io/headless";
  private static final String SERVICE_NAME = "kubernetes.io/service-name";

  /**
   * One address record of a headless Service.
   *
   * @param namespace the Service's namespace
   * @param service the Service's name
   * @param hostname the endpoint's hostname, or null for the Service's own name
   * @param ip the address
   */
  record Record(String namespace, String service, String hostname, String ip)
      implements Comparable<Record> {
    @Override
    public int compareTo(Record o) {
      return key().compareTo(o.key());
    }

    private String key() {
      return namespace + "/" + service + "/" + (hostname == null ? "" : hostname) + "/" + ip;
    }
  }

  /**
   * A pod whose hosts file the agent keeps.
   *
   * @param namespace the pod's namespace
   * @param ip the pod's address
   * @param hostname the pod's hostname
   * @param subdomain the pod's {@code spec.subdomain}, or null
   * @param hostAliases the pod's {@code spec.hostAliases}
   * @param hostsFile the file mounted at {@code /etc/hosts}
   * @param isolated whether the pod gets only the records of its own address (fault {@code
   *     testkit.flowline.dev/fault-dns: isolated}): it never resolves its peers' names
   */
  record PodEntry(
      String namespace,
      String ip,
      String hostname,
      String subdomain,
      List<HostAlias> hostAliases,
      Path hostsFile,
      boolean isolated) {
    /** A pod that gets every record. */
    PodEntry(
        String namespace,
        String ip,
        String hostname,
        String subdomain,
        List<HostAlias> hostAliases,
        Path hostsFile) {
      this(namespace, ip, hostname, subdomain, hostAliases, hostsFile, false);
    }
  }

  private final Map<String, EndpointSlice> slices = new HashMap<>();
  private final Map<String, PodEntry> pods = new LinkedHashMap<>();
  private List<Record> records = List.of();

  /** Watches the headless Services' EndpointSlices of every namespace. */
  void start(KubernetesClient client) {
    client.discovery().v1().endpointSlices().inAnyNamespace().withLabel(HEADLESS).inform(this, 0);
  }

  /** Writes the pod's hosts file (and keeps it current until {@link #unregister}). */
  synchronized void register(String uid, PodEntry pod) throws IOException {
    Files.createDirectories(pod.hostsFile().getParent());
    pods.put(uid, pod);
    writeInPlace(pod.hostsFile(), render(pod, records));
  }

  /** The pod's containers ended: its hosts file is no longer kept. */
  synchronized void unregister(String uid) {
    pods.remove(uid);
  }

  @Override
  public void onAdd(EndpointSlice slice) {
    update(slice, false);
  }

  @Override
  public void onUpdate(EndpointSlice before, EndpointSlice slice) {
    update(slice, false);
  }

  @Override
  public void onDelete(EndpointSlice slice, boolean unknownFinalState) {
    update(slice, true);
  }

  private synchronized void update(EndpointSlice slice, boolean deleted) {
    var key = slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName();
    if (deleted) {
      slices.remove(key);
    } else {
      slices.put(key, slice);
    }
    var latest = records(slices.values());
    if (latest.equals(records)) {
      return;
    }
    records = latest;
    for (var pod : pods.values()) {
      try {
        writeInPlace(pod.hostsFile(), render(pod, records));
      } catch (IOException e) {
        System.err.println("node agent: cannot update " + pod.hostsFile() + ": " + e);
      }
    }
  }

  /** The records of these EndpointSlices: ready endpoints only, as CoreDNS serves. */
  static List<Record> records(Iterable<EndpointSlice> slices) {
    var result = new TreeSet<Record>();
    for (var slice : slices) {
      var labels = slice.getMetadata().getLabels();
      var service = labels == null ? null : labels.get(SERVICE_NAME);
      if (service == null || !labels.containsKey(HEADLESS)) {
        continue;
      }
      var ns = slice.getMetadata().getNamespace();
      // a Service without endpoints has "endpoints": null, which fabric8 reads as a null list
      if (slice.getEndpoints() == null) {
        continue;
      }
      for (var endpoint : slice.getEndpoints()) {
        var conditions = endpoint.getConditions();
        if (conditions != null && Boolean.FALSE.equals(conditions.getReady())) {
          continue;
        }
        if (endpoint.getAddresses() == null) {
          continue;
        }
        for (var ip : endpoint.getAddresses()) {
          result.add(new Record(ns, service, null, ip));
          if (endpoint.getHostname() != null && !endpoint.getHostname().isEmpty()) {
            result.add(new Record(ns, service, endpoint.getHostname(), ip));
          }
        }
      }
    }
    return List.copyOf(result);
  }

  /** The hosts file of {@code pod}: kubelet's content, then the cluster's records. */
  static String render(PodEntry pod, List<Record> all) {
    var records = pod.isolated() ? all.stream().filter(r -> r.ip().equals(pod.ip())).toList() : all;
    var s = new StringBuilder("# Kubernetes-managed hosts file.\n");
    s.append("127.0.0.1\tlocalhost\n");
    s.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    s.append("fe00::0\tip6-localnet\n");
    s.append("fe00::0\tip6-mcastprefix\n");
    s.append("fe00::1\tip6-allnodes\n");
    s.append("fe00::2\tip6-allrouters\n");
    if (pod.subdomain() != null && !pod.subdomain().isEmpty()) {
      s.append(pod.ip())
          .append('\t')
          .append(pod.hostname())
          .append('.')
          .append(pod.subdomain())
          .append('.')
          .append(pod.namespace())
          .append(".svc.")
          .append(DOMAIN)
          .append('\t')
          .append(pod.hostname())
          .append('\n');
    } else {
      s.append(pod.ip()).append('\t').append(pod.hostname()).append('\n');
    }
    if (!pod.hostAliases().isEmpty()) {
      s.append("\n# Entries added by HostAliases.\n");
      for (var alias : pod.hostAliases()) {
        s.append(alias.getIp())
            .append('\t')
            .append(String.join("\t", alias.getHostnames()))
            .append('\n');
      }
    }
    if (!records.isEmpty()) {
      s.append("\n# Headless Services' records (cluster DNS of the flowline node agent).\n");
      for (var r : records) {
        var name = r.hostname() == null ? r.service() : r.hostname() + "." + r.service();
        var names = new ArrayList<String>();
        var qualified = name + "." + r.namespace();
        names.add(qualified + ".svc." + DOMAIN);
        names.add(qualified + ".svc");
        names.add(qualified);
        if (Objects.equals(r.namespace(), pod.namespace())) {
          names.add(name);
        }
        s.append(r.ip()).append('\t').append(String.join("\t", names)).append('\n');
      }
    }
    return s.toString();
  }

  /**
   * Replaces the file's content without replacing the file (bind mounts hold its inode): the new
   * content, padded with newlines to the old length, in one write, then the file is cut to the new
   * length; a reader sees the old content or the new one, never an empty file.
   */
  static void writeInPlace(Path file, String content) throws IOException {
    var bytes = content.getBytes(StandardCharsets.UTF_8);
    try (var channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long old = channel.size();
      var buffer = ByteBuffer.allocate((int) Math.max(old, bytes.length));
      buffer.put(bytes);
      while (buffer.hasRemaining()) {
        buffer.put((byte) '\n');
      }
      buffer.flip();
      long position = 0;
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      channel.truncate(bytes.length);
    }
  }
}
