package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDnsTest {

  private static EndpointSlice slice(String ns, String service, boolean headless) {
    var labels =
        headless
            ? Map.of("kubernetes.io/service-name", service, "service.kubernetes.io/headless", "")
            : Map.of("kubernetes.io/service-name", service);
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(service + "-abcde")
        .withLabels(labels)
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint()
        .withAddresses("198.18.0.1")
        .withHostname("w-0")
        .withNewConditions()
        .withReady(true)
        .endConditions()
        .endEndpoint()
        .addNewEndpoint()
        .withAddresses("198.18.0.2")
        .withHostname("w-1")
        .withNewConditions()
        .withReady(false)
        .endConditions()
        .endEndpoint()
        .addNewEndpoint()
        .withAddresses("198.18.0.3")
        .endEndpoint()
        .build();
  }

  @Test
  void headlessServicesGiveRecordsOfTheirReadyEndpoints() {
    var records =
        ClusterDns.records(List.of(slice("team", "net", true), slice("team", "web", false)));

    assertThat(records)
        .containsExactly(
            new ClusterDns.Record("team", "net", null, "198.18.0.1"),
            new ClusterDns.Record("team", "net", null, "198.18.0.3"),
            new ClusterDns.Record("team", "net", "w-0", "198.18.0.1"));
  }

  @Test
  void aHeadlessServiceWithoutEndpointsGivesNoRecordsAndStopsNothing() throws Exception {
    // as the API server sends it for a Service whose pods are gone: "endpoints": null
    var empty =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            """
            {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
             "metadata": {"name": "gone-abcde", "namespace": "team",
               "labels": {"kubernetes.io/service-name": "gone",
                          "service.kubernetes.io/headless": ""}},
             "addressType": "IPv4", "endpoints": null}
            """,
            EndpointSlice.class);
    assertThat(ClusterDns.records(List.of(empty, slice("team", "net", true))))
        .containsExactly(
            new ClusterDns.Record("team", "net", null, "198.18.0.1"),
            new ClusterDns.Record("team", "net", null, "198.18.0.3"),
            new ClusterDns.Record("team", "net", "w-0", "198.18.0.1"));
  }

  @Test
  void aPodsHostsFileHasKubeletsLinesThenTheRecordsWithTheNamesASearchPathWouldComplete() {
    var pod =
        new ClusterDns.PodEntry(
            "team",
            "198.18.0.9",
            "w-2",
            "net",
            List.of(new HostAlias(List.of("db", "db.local"), "10.0.0.1")),
            Path.of("unused"));
    var records =
        List.of(
            new ClusterDns.Record("team", "net", "w-0", "198.18.0.1"),
            new ClusterDns.Record("other", "net", "w-0", "198.18.0.5"));

    assertThat(ClusterDns.render(pod, records))
        .isEqualTo(
            """
            # Kubernetes-managed hosts file.
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            fe00::0\tip6-mcastprefix
            fe00::1\tip6-allnodes
            fe00::2\tip6-allrouters
            198.18.0.9\tw-2.net.team.svc.cluster.local\tw-2

            # Entries added by HostAliases.
            10.0.0.1\tdb\tdb.local

            # Headless Services' records (cluster DNS of the flowline node agent).
            198.18.0.1\tw-0.net.team.svc.cluster.local\tw-0.net.team.svc\tw-0.net.team\tw-0.net
            198.18.0.5\tw-0.net.other.svc.cluster.local\tw-0.net.other.svc\tw-0.net.other
            """);
  }

  @Test
  void anIsolatedPodGetsOnlyTheRecordsOfItsOwnAddress() {
    var pod =
        new ClusterDns.PodEntry(
            "team", "198.18.0.9", "w-2", "net", List.of(), Path.of("unused"), true);
    var records =
        List.of(
            new ClusterDns.Record("team", "net", "w-0", "198.18.0.1"),
            new ClusterDns.Record("team", "net", "w-2", "198.18.0.9"));

    String hosts = ClusterDns.render(pod, records);

    assertThat(hosts).contains("198.18.0.9\tw-2.net.team.svc.cluster.local\tw-2.net.team.svc");
    assertThat(hosts).doesNotContain("w-0").doesNotContain("198.18.0.1");
  }

  @Test
  void aPodWithoutSubdomainHasOnlyItsHostname() {
    var pod = new ClusterDns.PodEntry("team", "198.18.0.9", "solo", null, List.of(), Path.of("x"));

    assertThat(ClusterDns.render(pod, List.of()))
        .endsWith("fe00::2\tip6-allrouters\n198.18.0.9\tsolo\n");
  }

  @Test
  void rewritingKeepsTheFileAndCutsItToTheNewContent(@TempDir Path dir) throws Exception {
    var file = dir.resolve("hosts");
    ClusterDns.writeInPlace(file, "a long first content\n");
    var inode = Files.getAttribute(file, "unix:ino");

    ClusterDns.writeInPlace(file, "short\n");

    assertThat(Files.readString(file)).isEqualTo("short\n");
    assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
  }
}
