package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** fake-gcs-server beside the cluster ({@code --with gcs}), reached by the test and by a pod. */
class GcsTest {

  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("gcs"));

  @Test
  void aBucketMadeByTheTestGetsAnObjectFromAPod(TestNamespace ns) throws Exception {
    var port = Files.readString(ns.cluster().dir().resolve("gcs.port")).trim();
    var base = "http://127.0.0.1:" + port;
    var http = HttpClient.newHttpClient();
    var bucket = ns.name();
    var created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/storage/v1/b"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + bucket + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

    var client = ns.client();
    client
        .pods()
        .resource(
            TestPods.shell(
                    "uploader",
                    "echo from $HOSTNAME | curl -fsS -X POST --data-binary @- -H 'Content-Type:"
                        + " text/plain' '"
                        + base
                        + "/upload/storage/v1/b/"
                        + bucket
                        + "/o?uploadType=media&name=runs/1/hello.txt' >/dev/null")
                .build())
        .create();
    var done =
        client
            .pods()
            .withName("uploader")
            .waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);
    assertThat(done.getStatus().getPhase())
        .as(client.pods().withName("uploader").getLog())
        .isEqualTo("Succeeded");

    var listed =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/storage/v1/b/" + bucket + "/o?prefix=runs/"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(listed.body()).contains("\"name\":\"runs/1/hello.txt\"");
    var read =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base + "/storage/v1/b/" + bucket + "/o/runs%2F1%2Fhello.txt?alt=media"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.body()).isEqualTo("from uploader\n");
  }
}
