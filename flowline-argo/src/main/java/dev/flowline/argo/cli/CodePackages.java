package dev.flowline.argo.cli;

import dev.flowline.cli.FlowContext;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.codepackage.CodePackageUploader;
import dev.flowline.runtime.RunStore;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * Uploads the code package a deployment's pods fetch, as {@code run} does for Kubernetes tasks:
 * {@code java.class.path} plus the flow class's own location when it is elsewhere (a flow compiled
 * from a {@code .java} file).
 */
final class CodePackages {
  private CodePackages() {}

  /**
   * An uploaded code package.
   *
   * @param url the signed URL of its manifest (a credential: never printed)
   * @param contentHash its content hash ({@link
   *     dev.flowline.kubernetes.codepackage.CodePackageRef#contentHash()})
   */
  record Uploaded(String url, String contentHash) {}

  /** Uploads the code package. */
  static Uploaded upload(FlowContext ctx, Settings settings) throws IOException {
    try (var store = RunStore.open(null, ctx.config(), ctx.flow().name())) {
      var ref =
          CodePackageUploader.of(settings)
              .upload(CodePackageUploader.classPath(userClassPath(ctx)), store.blobs());
      ctx.err()
          .println(
              "Code package: "
                  + ref.files().size()
                  + " files, its URL valid until "
                  + ref.expiresAt()
                  + " (runs started later cannot fetch it: run create again, or use"
                  + " METAFLOW_KUBERNETES_CODE_PACKAGE=image).");
      return new Uploaded(ref.manifestUrl().toString(), ref.contentHash());
    }
  }

  /**
   * The content hash of the code package {@link #upload} would upload now, computed without
   * uploading anything (for {@code diff}).
   */
  static String contentHash(FlowContext ctx, Settings settings) throws IOException {
    try (var store = RunStore.open(null, ctx.config(), ctx.flow().name())) {
      return CodePackageUploader.of(settings)
          .contentHash(CodePackageUploader.classPath(userClassPath(ctx)), store.blobs().kind());
    }
  }

  private static List<Path> userClassPath(FlowContext ctx) {
    var source = ctx.flowClass().getProtectionDomain().getCodeSource();
    if (source == null) {
      return List.of();
    }
    try {
      Path own = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
      for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
        if (!e.isEmpty() && Path.of(e).toAbsolutePath().normalize().equals(own)) {
          return List.of();
        }
      }
      return List.of(own);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return List.of();
    }
  }
}
