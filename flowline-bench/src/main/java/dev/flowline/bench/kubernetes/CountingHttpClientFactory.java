package dev.flowline.bench.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * fabric8's JDK HTTP client with {@link ApiRequests#global()} counting every request. Registered as
 * an {@code HttpClient.Factory} service with a priority above the JDK factory's, so on
 * flowline-bench's class path every fabric8 client, including the one {@code
 * KubernetesClients.connect} builds inside the launcher, counts its requests without a change to
 * the launcher. It behaves as the JDK factory otherwise.
 */
public final class CountingHttpClientFactory extends JdkHttpClientFactory {
  /** Above {@link JdkHttpClientFactory}'s (0): fabric8 picks the highest. */
  @Override
  public int priority() {
    return 100;
  }

  @Override
  public HttpClient.Builder newBuilder(Config config) {
    HttpClient.Builder builder = super.newBuilder(config);
    builder.addOrReplaceInterceptor("flowline-bench-requests", ApiRequests.global().interceptor());
    return builder;
  }
}
