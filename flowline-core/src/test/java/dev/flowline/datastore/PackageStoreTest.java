package dev.flowline.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageStoreTest {
  @TempDir Path dir;

  @Test
  void aPackageIsStoredAsIsUnderItsHashOnceAndFetchedBack() throws IOException {
    var store = new LocalBlobStore(dir.resolve("store"));
    var packages = new PackageStore(store, "F");
    Path jar = Files.writeString(dir.resolve("code.jar"), "abc");
    PackageStore.PackageRef ref = packages.save(jar);
    assertThat(ref.sha())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ref.key()).isEqualTo("F/packages/" + ref.sha());
    assertThat(ref.size()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("store").resolve(ref.key()))).isEqualTo("abc");
    long modified = Files.getLastModifiedTime(dir.resolve("store").resolve(ref.key())).toMillis();
    assertThat(packages.save(Files.writeString(dir.resolve("again.jar"), "abc"))).isEqualTo(ref);
    assertThat(Files.getLastModifiedTime(dir.resolve("store").resolve(ref.key())).toMillis())
        .isEqualTo(modified);
    packages.fetch(ref, dir.resolve("fetched.jar"));
    assertThat(Files.readString(dir.resolve("fetched.jar"))).isEqualTo("abc");
    assertThat(packages.signedUrl(ref, Duration.ofMinutes(5))).isEmpty();
  }

  @Test
  void aChangedPackageIsNotHandedOut() throws IOException {
    var store = new LocalBlobStore(dir.resolve("store"));
    var packages = new PackageStore(store, "F");
    PackageStore.PackageRef ref = packages.save(Files.writeString(dir.resolve("code.jar"), "abc"));
    store.put(ref.key(), new ByteArrayInputStream("abd".getBytes()), 3);
    assertThatThrownBy(() -> packages.fetch(ref, dir.resolve("fetched.jar")))
        .hasMessageContaining("code package F/packages/" + ref.sha())
        .hasMessageContaining("is corrupt");
    assertThat(dir.resolve("fetched.jar")).doesNotExist();
  }

  @Test
  void sharedPackagesAreKeyedBesideTheFlowsOncePerContent() throws IOException {
    var store = new LocalBlobStore(dir.resolve("store"));
    var shared = PackageStore.shared(store);
    PackageStore.PackageRef ref = shared.save(Files.writeString(dir.resolve("lib.jar"), "abc"));
    assertThat(ref.key()).isEqualTo("_flowline/packages/" + ref.sha());
    assertThat(shared.contains(ref)).isTrue();
    assertThat(shared.ref(ref.sha(), 3)).isEqualTo(ref);
    assertThat(shared.contains(shared.ref(PackageStore.sha256(dir.resolve("lib.jar")) + "0", 3)))
        .isFalse();
    assertThat(store.list("")).containsExactly("_flowline/packages/" + ref.sha());
    assertThat(StoreLayout.codeManifest(ref.sha())).isEqualTo("_flowline/manifests/" + ref.sha());
  }
}
