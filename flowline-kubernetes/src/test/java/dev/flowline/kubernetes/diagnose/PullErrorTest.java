package dev.flowline.kubernetes.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.diagnose.ImagePullDiagnosis.PullError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Container runtime and registry wordings of pull errors. */
class PullErrorTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rpc error: code = NotFound desc = failed to pull and unpack image \"x\": failed to resolve"
            + " reference \"x\": x: not found|NOT_FOUND",
        "initializing source docker://quay.io/acme/train:v9: reading manifest v9 in"
            + " quay.io/acme/train: manifest unknown|NOT_FOUND",
        "failed to resolve reference \"docker.io/acme/private:1\": pull access denied, repository"
            + " does not exist or may require authorization: server message: insufficient_scope:"
            + " authorization failed|UNAUTHORIZED",
        "unexpected status from HEAD request to https://x/v2/a/manifests/1: 401"
            + " Unauthorized|UNAUTHORIZED",
        "denied: requested access to the resource is denied|UNAUTHORIZED",
        "no basic auth credentials|UNAUTHORIZED",
        "couldn't parse image name \"A:b\": invalid reference format|INVALID",
        "image pull failed for x because the registry is unavailable: boom|UNREACHABLE",
        "dial tcp: lookup registry.internal on 10.96.0.10:53: no such host|UNREACHABLE",
        "dial tcp 10.0.0.5:443: i/o timeout|UNREACHABLE",
        "tls: failed to verify certificate: x509: certificate signed by unknown"
            + " authority|UNREACHABLE",
        "image pull failed for x because the signature validation failed: no|SIGNATURE",
        "something else entirely|UNKNOWN"
      })
  void classify(String message, PullError expected) {
    assertThat(ImagePullDiagnosis.classify(message)).isEqualTo(expected);
  }
}
