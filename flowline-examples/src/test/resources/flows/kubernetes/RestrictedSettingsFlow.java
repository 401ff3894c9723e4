import dev.flowline.FlowSpec;
import dev.flowline.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two steps that record who and where their process is ({@link #seen}): run by
 * KubernetesSettingsEndToEndTest with the restricted security profile, in a namespace that
 * enforces the Pod Security Standard "restricted".
 */
public class RestrictedSettingsFlow extends FlowSpec {
  Map<String, String> seen;

  @Step
  void start() throws IOException {
    seen = observe();
    next(this::end);
  }

  @Step
  void end() throws IOException {
    seen = observe();
  }

  private Map<String, String> observe() throws IOException {
    var out = new TreeMap<String, String>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("METAFLOW_")) {
                out.put("env." + k, v);
              }
            });
    out.put("current.stepName", current().stepName());
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        out.put("status." + line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    String cwd = System.getProperty("user.dir");
    out.put("cwd", cwd);
    out.put("cwd.writable", Boolean.toString(Files.isWritable(Path.of(cwd))));
    out.put("java.io.tmpdir", System.getProperty("java.io.tmpdir"));
    return out;
  }
}
