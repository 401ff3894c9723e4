package dev.flowline.cli;

import dev.flowline.datastore.CodePackage;
import dev.flowline.datastore.PackageStore;
import dev.flowline.runtime.LocalRuntime;
import dev.flowline.runtime.RunStore;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Stores the classes of a flow compiled from a single {@code .java} file as the run's code package
 * (once per content, {@code FLOW/packages/SHA256}) and names it in the run's system tags, so that
 * the client can load the flow's own types from it ({@code FlowlineClient.withCodePackageOf(run)}).
 * Flows given by class name are on the reader's class path already: nothing is stored for them.
 */
final class RunCodePackage {
  private RunCodePackage() {}

  /**
   * {@code options} with the code package of the flow in {@code context}, stored in {@code store}.
   */
  static LocalRuntime.Options record(
      CliContext context, RunStore store, LocalRuntime.Options options) throws IOException {
    var folders = context.flow().userClassPath().stream().filter(Files::isDirectory).toList();
    if (!context.flowArgument().endsWith(".java") || folders.isEmpty()) {
      return options;
    }
    var jar = Files.createTempFile("flowline-code-", ".jar");
    try {
      CodePackage.write(folders, jar);
      var ref = new PackageStore(store.blobs(), store.flow()).save(jar);
      return options.withCodePackage(ref.sha());
    } finally {
      Files.deleteIfExists(jar);
    }
  }
}
