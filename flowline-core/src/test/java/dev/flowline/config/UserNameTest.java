package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNameTest {
  @TempDir Path tmp;

  private Config config(String... kv) {
    var env = new HashMap<String, String>();
    env.put("METAFLOW_HOME", tmp.resolve("home").toString());
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return Config.load(env, tmp);
  }

  @Test
  void metaflowUserComesFirst() {
    var c = config("METAFLOW_USER", "mf", "SUDO_USER", "sudo", "USERNAME", "un", "USER", "u");
    assertThat(UserName.of(c)).isEqualTo("mf");
  }

  @Test
  void thenSudoUserThenUsernameThenUser() {
    assertThat(UserName.of(config("SUDO_USER", "sudo", "USERNAME", "un", "USER", "u")))
        .isEqualTo("sudo");
    assertThat(UserName.of(config("USERNAME", "un", "USER", "u"))).isEqualTo("un");
    assertThat(UserName.of(config("USER", "u"))).isEqualTo("u");
  }

  @Test
  void rootAndBlankValuesAreSkipped() {
    var c = config("METAFLOW_USER", " ", "SUDO_USER", "root", "USERNAME", "", "USER", "alice");
    assertThat(UserName.of(c)).isEqualTo("alice");
  }

  @Test
  void metaflowUserMayComeFromAConfigFile() throws Exception {
    Files.createDirectories(tmp.resolve(".metaflow"));
    Files.writeString(tmp.resolve(".metaflow/config.json"), "{\"METAFLOW_USER\": \"fromfile\"}");
    assertThat(UserName.of(config("USER", "u"))).isEqualTo("fromfile");
  }

  @Test
  void withoutANonRootUserTheJvmUserNameIsUsed() {
    var c = config("USER", "root");
    assertThat(UserName.find(c)).isEmpty();
    assertThat(UserName.of(c)).isEqualTo(System.getProperty("user.name"));
    assertThat(UserName.find(config())).isEmpty();
  }
}
