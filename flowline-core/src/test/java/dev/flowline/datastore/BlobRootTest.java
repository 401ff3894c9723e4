package dev.flowline.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one blob-root parser behind the S3, Azure and GCS roots. */
class BlobRootTest {
  private static final BlobRoot.Syntax URL =
      new BlobRoot.Syntax(
          "KEY",
          "x",
          "x://bucket/prefix",
          "x://my-bucket/p",
          "x://",
          true,
          "is not an X URL (it must start with x://)",
          "bucket",
          Pattern.compile("[a-z0-9-]{3,63}"),
          "is not a valid bucket name (3-63 of a-z, 0-9, '-')");

  private static final BlobRoot.Syntax PATH =
      new BlobRoot.Syntax(
          "KEY",
          "y",
          "container/prefix",
          "my-container/p",
          "y://",
          false,
          "is a URL, but the root is container/prefix",
          "container",
          Pattern.compile("[a-z0-9-]{3,63}"),
          "is not a valid container name");

  @Test
  void aRootIsAContainerAndAPrefixEndingInASlash() throws IOException {
    assertThat(BlobRoot.parse("x://bucket/a/b", URL)).isEqualTo(new BlobRoot("bucket", "a/b/"));
    assertThat(BlobRoot.parse(" x://bucket ", URL)).isEqualTo(new BlobRoot("bucket", ""));
    assertThat(BlobRoot.parse("x://bucket//a", URL)).isEqualTo(new BlobRoot("bucket", "a/"));
    assertThat(BlobRoot.parse("x://bucket/a/", URL).path()).isEqualTo("bucket/a");
  }

  @Test
  void anOptionalSchemeMayBeLeftOutButNoOtherSchemeIsAllowed() throws IOException {
    assertThat(BlobRoot.parse("box/flows", PATH)).isEqualTo(new BlobRoot("box", "flows/"));
    assertThat(BlobRoot.parse("y://box/flows", PATH)).isEqualTo(new BlobRoot("box", "flows/"));
    assertThat(BlobRoot.parse("/box", PATH)).isEqualTo(new BlobRoot("box", ""));
    assertThatThrownBy(() -> BlobRoot.parse("https://acct/box", PATH))
        .hasMessage(
            "KEY: value \"https://acct/box\" is a URL, but the root is container/prefix. Use e.g."
                + " my-container/p.");
  }

  @Test
  void everyMalformedRootNamesTheKeyTheValueTheRuleAndAnExample() {
    assertThatThrownBy(() -> BlobRoot.parse(" ", URL))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "KEY is not set: the x datastore needs a root of the form x://bucket/prefix. Use e.g."
                + " x://my-bucket/p.");
    assertThatThrownBy(() -> BlobRoot.parse("bucket/p", URL))
        .hasMessage(
            "KEY: value \"bucket/p\" is not an X URL (it must start with x://). Use e.g."
                + " x://my-bucket/p.");
    assertThatThrownBy(() -> BlobRoot.parse("x://B_1/p", URL))
        .hasMessage(
            "KEY: bucket \"B_1\" in \"x://B_1/p\" is not a valid bucket name (3-63 of a-z, 0-9,"
                + " '-'). Use e.g. x://my-bucket/p.");
    assertThatThrownBy(() -> BlobRoot.parse("x://bucket/a//b", URL))
        .hasMessage(
            "KEY: prefix \"a//b\" in \"x://bucket/a//b\" has an empty path segment ('//'). Use e.g."
                + " x://my-bucket/p.");
  }
}
