package dev.flowline.kubernetes.codepackage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule that leaves out what only unused datastores need, on a class path shaped like
 * Flowline's: core, kubernetes, the three datastore modules, their libraries and the user's code.
 */
class DatastoreJarsTest {
  @TempDir Path tmp;
  final ClassPathInspector inspector = new ClassPathInspector();

  Path core;
  Path kubernetes;
  Path s3;
  Path azure;
  Path gcs;
  Path jackson;
  Path databind;
  Path netty;
  Path aws;
  Path azureCore;
  Path reactor;
  Path guava;
  Path jsr310;
  Path user;

  @BeforeEach
  void classPath() throws IOException {
    core =
        TestJars.jar()
            .type("dev/flowline/FlowSpec")
            .dependencies("jackson-core-2.jar", "jackson-databind-2.jar")
            .writeTo(tmp.resolve("flowline-core-1.jar"));
    kubernetes =
        TestJars.jar()
            .type("dev/flowline/kubernetes/Kubernetes")
            .dependencies("flowline-core-1.jar", "jackson-core-2.jar")
            .writeTo(tmp.resolve("flowline-kubernetes-1.jar"));
    s3 =
        TestJars.jar()
            .type("dev/flowline/s3/S3BlobStore")
            .datastore("s3", "flowline-core-1.jar", "netty-4.jar", "aws-2.jar")
            .writeTo(tmp.resolve("flowline-s3-1.jar"));
    azure =
        TestJars.jar()
            .type("dev/flowline/azure/AzureBlobStore")
            .datastore(
                "azure",
                "flowline-core-1.jar",
                "netty-4.jar",
                "azure-core-1.jar",
                "reactor-3.jar",
                "jackson-core-2.jar",
                "jackson-datatype-jsr310-2.jar")
            .writeTo(tmp.resolve("flowline-azure-1.jar"));
    gcs =
        TestJars.jar()
            .type("dev/flowline/gcs/GcsBlobStore")
            .datastore("gs", "flowline-core-1.jar", "guava-33.jar", "jackson-core-2.jar")
            .writeTo(tmp.resolve("flowline-gcs-1.jar"));
    jackson =
        TestJars.jar()
            .type("com/fasterxml/jackson/core/JsonParser")
            .writeTo(tmp.resolve("jackson-core-2.jar"));
    databind =
        TestJars.jar()
            .type("com/fasterxml/jackson/databind/Module")
            .writeTo(tmp.resolve("jackson-databind-2.jar"));
    netty = TestJars.jar().type("io/netty/channel/Channel").writeTo(tmp.resolve("netty-4.jar"));
    aws = TestJars.jar().type("software/amazon/awssdk/S3Client").writeTo(tmp.resolve("aws-2.jar"));
    azureCore =
        TestJars.jar()
            .type("com/azure/core/http/HttpClient", "reactor/core/publisher/Mono")
            .service("com.azure.core.http.HttpClientProvider", "com.azure.core.http.Impl")
            .writeTo(tmp.resolve("azure-core-1.jar"));
    reactor =
        TestJars.jar().type("reactor/core/publisher/Mono").writeTo(tmp.resolve("reactor-3.jar"));
    guava =
        TestJars.jar()
            .type("com/google/common/collect/ImmutableList")
            .writeTo(tmp.resolve("guava-33.jar"));
    jsr310 =
        TestJars.jar()
            .type("com/fasterxml/jackson/datatype/jsr310/JavaTimeModule")
            .service(
                "com.fasterxml.jackson.databind.Module",
                "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule")
            .writeTo(tmp.resolve("jackson-datatype-jsr310-2.jar"));
    user =
        TestJars.jar()
            .type("com/example/HelloFlow", "dev/flowline/FlowSpec")
            .writeToFolder(tmp.resolve("user"));
  }

  List<Path> all() {
    return List.of(
        user,
        core,
        kubernetes,
        s3,
        azure,
        gcs,
        jackson,
        databind,
        netty,
        aws,
        azureCore,
        reactor,
        guava,
        jsr310);
  }

  @Test
  void onS3TheOtherDatastoresAndWhatOnlyTheyNeedStayHome() throws IOException {
    var s = DatastoreJars.select(all(), "s3", inspector);
    assertThat(s.kept())
        .containsExactly(user, core, kubernetes, s3, jackson, databind, netty, aws, jsr310);
    assertThat(s.leftOut()).containsExactly(azure, gcs, azureCore, reactor, guava);
  }

  @Test
  void onAzureNettyIsKeptForAzureAndTheAwsSdkStaysHome() throws IOException {
    var s = DatastoreJars.select(all(), "azure", inspector);
    assertThat(s.leftOut()).containsExactly(s3, gcs, aws, guava);
  }

  @Test
  void aLibraryTheUsersCodeUsesIsKeptThoughOnlyAnUnusedDatastoreListsIt() throws IOException {
    Path flow =
        TestJars.jar()
            .type("com/example/GuavaFlow", "com/google/common/collect/ImmutableList")
            .writeToFolder(tmp.resolve("guava-user"));
    var entries = new java.util.ArrayList<>(all());
    entries.set(0, flow);
    var s = DatastoreJars.select(entries, "s3", inspector);
    assertThat(s.kept()).contains(guava);
    assertThat(s.leftOut()).containsExactly(azure, gcs, azureCore, reactor);
  }

  @Test
  void whatAKeptLibraryUsesIsKeptToo() throws IOException {
    Path userLib =
        TestJars.jar()
            .type("org/acme/Client", "com/azure/core/http/HttpClient")
            .writeTo(tmp.resolve("acme-client-1.jar"));
    var entries = new java.util.ArrayList<>(all());
    entries.add(userLib);
    var s = DatastoreJars.select(entries, "s3", inspector);
    assertThat(s.kept()).contains(userLib, azureCore, reactor);
    assertThat(s.leftOut()).containsExactly(azure, gcs, guava);
  }

  @Test
  void aServiceOfAKeptInterfaceIsKept() throws IOException {
    // jackson-datatype-jsr310 provides com.fasterxml.jackson.databind.Module, held by a kept jar
    var s = DatastoreJars.select(all(), "gs", inspector);
    assertThat(s.kept()).contains(jsr310);
  }

  @Test
  void aClassPathWithoutFlowlineModulesIsShippedWhole() throws IOException {
    var s = DatastoreJars.select(List.of(user, guava, netty), "s3", inspector);
    assertThat(s.kept()).containsExactly(user, guava, netty);
    assertThat(s.leftOut()).isEmpty();
  }

  @Test
  void classFileReferencesIncludeDescriptorsAndSignatures() {
    var packages = new java.util.HashSet<String>();
    ClassFileReferences.namesIn("(Ljava/util/List<Lcom/google/common/base/Optional;>;)V", packages);
    ClassFileReferences.namesIn("org/acme/Thing", packages);
    ClassFileReferences.namesIn("[Lio/netty/Buf;", packages);
    ClassFileReferences.namesIn("plain text, no class", packages);
    assertThat(packages)
        .containsExactlyInAnyOrder("java/util", "com/google/common/base", "org/acme", "io/netty");
  }
}
