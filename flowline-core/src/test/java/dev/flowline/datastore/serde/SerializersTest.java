package dev.flowline.datastore.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SerializersTest {
  private static final ClassLoader LOADER = SerializersTest.class.getClassLoader();

  static List<Object> values() {
    return List.of(
        new byte[] {1, 2, 3},
        "héllo \uD83D\uDE00 wörld".repeat(3000),
        new int[] {1, -2, Integer.MAX_VALUE},
        new long[] {Long.MIN_VALUE, 0, 7},
        new double[] {Math.PI, Double.NaN, -0.0},
        new float[] {1.5f, Float.MAX_VALUE},
        new short[] {-1, 300},
        new char[] {'a', '\u20AC'},
        new boolean[] {true, false, true},
        new int[100_000],
        Map.of("k", List.of(1, 2)),
        42L);
  }

  private static Object roundTrip(ArtifactSerializer s, Object value) throws IOException {
    var out = new ByteArrayOutputStream();
    s.serialize(value, out);
    byte[] bytes = out.toByteArray();
    return s.deserialize(new ByteArrayInputStream(bytes), bytes.length, LOADER);
  }

  @ParameterizedTest
  @MethodSource("values")
  void everyBuiltInValueRoundTripsThroughTheSerializerChosenForIt(Object value) throws IOException {
    ArtifactSerializer s = Serializers.defaults().forValue(value).orElseThrow();
    assertThat(roundTrip(s, value)).isEqualTo(value);
  }

  @Test
  void fastPathsWinOverJavaSerialization() {
    var serializers = Serializers.defaults();
    assertThat(serializers.forValue(new byte[0]).orElseThrow().encoding()).isEqualTo("bytes-v1");
    assertThat(serializers.forValue("s").orElseThrow().encoding()).isEqualTo("utf8-v1");
    assertThat(serializers.forValue(new double[0]).orElseThrow().encoding())
        .isEqualTo("primitive-array-v1");
    assertThat(serializers.forValue(List.of()).orElseThrow().encoding())
        .isEqualTo("java-serialization-v1");
    assertThat(serializers.forValue(null).orElseThrow().encoding())
        .isEqualTo("java-serialization-v1");
    assertThat(serializers.forValue(new Object())).isEmpty();
  }

  /** A custom serializer that claims Strings before the built-in one. */
  static final class Upper implements ArtifactSerializer {
    @Override
    public String encoding() {
      return "upper-v1";
    }

    @Override
    public int priority() {
      return 50;
    }

    @Override
    public boolean canSerialize(Object value) {
      return value instanceof String;
    }

    @Override
    public void serialize(Object value, OutputStream out) throws IOException {
      out.write(((String) value).toUpperCase().getBytes());
    }

    @Override
    public Object deserialize(InputStream in, long size, ClassLoader loader) throws IOException {
      return new String(in.readAllBytes());
    }
  }

  @Test
  void aCustomSerializerIsOrderedByPriorityAndFoundByEncoding() {
    var all = new java.util.ArrayList<>(Serializers.builtIns());
    all.add(new Upper());
    var serializers = Serializers.of(all);
    assertThat(serializers.forValue("x").orElseThrow()).isInstanceOf(Upper.class);
    assertThat(serializers.forEncoding("utf8-v1").orElseThrow())
        .isInstanceOf(StringSerializer.class);
    assertThat(serializers.ordered().get(0)).isInstanceOf(Upper.class);
  }

  /** Claims a built-in encoding. */
  static final class Impostor extends ArtifactSerializerAdapter {
    @Override
    public String encoding() {
      return "bytes-v1";
    }
  }

  /** Defaults for test serializers. */
  abstract static class ArtifactSerializerAdapter implements ArtifactSerializer {
    @Override
    public int priority() {
      return 1;
    }

    @Override
    public boolean canSerialize(Object value) {
      return false;
    }

    @Override
    public void serialize(Object value, OutputStream out) {}

    @Override
    public Object deserialize(InputStream in, long size, ClassLoader loader) {
      return null;
    }
  }

  @Test
  void twoSerializersWithOneEncodingAreNamed() {
    var all = new java.util.ArrayList<>(Serializers.builtIns());
    all.add(new Impostor());
    assertThatThrownBy(() -> Serializers.of(all))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "artifact encoding 'bytes-v1' is claimed by both dev.flowline.datastore.serde.BytesSerializer and"
                + " dev.flowline.datastore.serde.SerializersTest$Impostor.");
  }

  @Test
  void aSerializerRegisteredWithServiceLoaderIsFoundNextToTheBuiltIns() throws IOException {
    var serializers = Serializers.discover(LOADER);
    assertThat(serializers.ordered())
        .extracting(ArtifactSerializer::encoding)
        .containsExactly(
            "bytes-v1", "utf8-v1", "primitive-array-v1", "test-point-v1", "java-serialization-v1");
    var point = new PointSerializer.Point(3, -4);
    ArtifactSerializer s = serializers.forValue(point).orElseThrow();
    assertThat(s).isInstanceOf(PointSerializer.class);
    assertThat(roundTrip(s, point)).isEqualTo(point);
    assertThat(Serializers.defaults().forValue(point)).isEmpty();
  }
}
