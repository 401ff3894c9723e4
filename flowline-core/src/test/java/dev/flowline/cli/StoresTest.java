package dev.flowline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.runtime.flows.LinearFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  @TempDir Path tmp;

  private CliContext context(Map<String, String> env) {
    return new CliContext(
        "LinearFlow",
        new FlowResolver.ResolvedFlow(LinearFlow.class, List.of()),
        env,
        tmp,
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  @Test
  void datastoreRootSetsTheRootOfTheSelectedKind() throws Exception {
    var ctx = context(Map.of("METAFLOW_DATASTORE_SYSROOT_LOCAL", "elsewhere"));
    try (var store = Stores.open(ctx, "local", "here", "LinearFlow")) {
      assertThat(store.blobs().root()).contains(tmp.resolve("here/.metaflow").toString());
    }
    assertThat(Stores.config(ctx, "s3", "s3://b/p").get("METAFLOW_DATASTORE_SYSROOT_S3"))
        .contains("s3://b/p");
  }

  @Test
  void withoutDatastoreRootTheConfigurationDecides() throws Exception {
    var ctx = context(Map.of("METAFLOW_DATASTORE_SYSROOT_LOCAL", "elsewhere"));
    try (var store = Stores.open(ctx, null, null, "LinearFlow")) {
      assertThat(store.blobs().root()).contains(tmp.resolve("elsewhere/.metaflow").toString());
    }
  }

  @Test
  void aBlankDatastoreRootIsBadUsage() {
    assertThatThrownBy(() -> Stores.config(context(Map.of()), "local", " "))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--datastore-root: the value is empty.");
  }
}
