package dev.flowline.examples.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link KubernetesClientOnRuntimeClassPathTest} in a JVM on the class path that {@code
 * bin/flowline} records: builds a fabric8 client and uses what the launcher needs (create, an
 * informer, a watch, a followed log) against the API server at {@code args[0]}. Prints what it saw;
 * exits non-zero on the first failure.
 */
public final class KubernetesClientProbe {
  private KubernetesClientProbe() {}

  public static void main(String[] args) throws Exception {
    var config = new ConfigBuilder().withMasterUrl(args[0]).withNamespace("flowline").build();
    try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
      System.out.println("http client " + client.getHttpClient().getClass().getName());
      var added = new CountDownLatch(1);
      var modified = new CountDownLatch(1);
      var informer = client.pods().inform(new Handler(added));
      var watch = client.pods().withName("probe").watch(new ModifiedWatcher(modified));
      client
          .pods()
          .resource(new PodBuilder().withNewMetadata().withName("probe").endMetadata().build())
          .create();
      check(added.await(20, TimeUnit.SECONDS), "the informer saw the pod added");
      client
          .pods()
          .withName("probe")
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToLabels("seen", "yes")
                      .endMetadata()
                      .build());
      check(modified.await(20, TimeUnit.SECONDS), "the watch saw the pod modified");
      watch.close();
      informer.close();
      var log = new ByteArrayOutputStream();
      try (var follow = client.pods().withName("probe").watchLog(log)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!log.toString(StandardCharsets.UTF_8).contains("line 2")
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      }
      check(log.toString(StandardCharsets.UTF_8).contains("line 2"), "the followed log has line 2");
    }
    System.out.println("probe ok");
  }

  private static void check(boolean ok, String what) {
    System.out.println((ok ? "ok: " : "FAILED: ") + what);
    if (!ok) {
      System.exit(1);
    }
  }

  private record Handler(CountDownLatch added) implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      added.countDown();
    }

    @Override
    public void onUpdate(Pod before, Pod after) {}

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {}
  }

  private record ModifiedWatcher(CountDownLatch modified) implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod pod) {
      if (action == Action.MODIFIED) {
        modified.countDown();
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
