package dev.flowline.config;

import java.util.List;

/**
 * Where artifacts, logs and metadata are stored: the default datastore type and the root of each
 * kind of store. Cloud modules add their endpoint and credential options in their own groups.
 */
public final class DatastoreOptions implements OptionGroup {
  /** The datastore used when {@code --datastore} is not given. */
  public static final ConfigOption<String> DEFAULT_DATASTORE =
      ConfigOption.builder(
              "METAFLOW_DEFAULT_DATASTORE", ValueType.choice("local", "s3", "azure", "gs"))
          .defaultValue("local")
          .doc(
              "Datastore used when `--datastore` is not given. Steps on Kubernetes need a shared"
                  + " one (`s3`, `azure` or `gs`).")
          .forwarded()
          .build();

  /** Root folder of the local datastore. */
  public static final ConfigOption<String> SYSROOT_LOCAL =
      ConfigOption.builder(
              "METAFLOW_DATASTORE_SYSROOT_LOCAL", ValueType.nonEmptyString("\"/data/flowline\""))
          .defaultText(
              "the nearest `.metaflow` from the working directory up (as Metaflow), else"
                  + " `.metaflow` in the working directory")
          .doc(
              "Folder that holds the local datastore. Never forwarded to pods, so pod-side local"
                  + " metadata stays in the pod.")
          .build();

  /** Root of the S3 datastore. */
  public static final ConfigOption<String> SYSROOT_S3 =
      ConfigOption.builder(
              "METAFLOW_DATASTORE_SYSROOT_S3", ValueType.url("\"s3://my-bucket/flowline\"", "s3"))
          .doc(
              "S3 URL under which artifacts and code packages are stored, e.g."
                  + " `s3://my-bucket/flowline`.")
          .forwarded()
          .build();

  /** Root of the Azure Blob datastore. */
  public static final ConfigOption<String> SYSROOT_AZURE =
      ConfigOption.builder(
              "METAFLOW_DATASTORE_SYSROOT_AZURE",
              ValueType.nonEmptyString("\"my-container/flowline\""))
          .check(
              v -> v.matches("([a-z][a-z0-9+.-]*://)?[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?(/.*)?"),
              "is not <container>[/<prefix>] (a container name is 3-63 lower-case letters, digits"
                  + " and '-', optionally after a scheme such as az://)",
              "\"my-container/flowline\"")
          .doc(
              "Azure Blob root, `<container>/<prefix>`, as in Metaflow (the storage account comes"
                  + " from the Azure endpoint option).")
          .forwarded()
          .build();

  /** Root of the Google Cloud Storage datastore. */
  public static final ConfigOption<String> SYSROOT_GS =
      ConfigOption.builder(
              "METAFLOW_DATASTORE_SYSROOT_GS", ValueType.url("\"gs://my-bucket/flowline\"", "gs"))
          .doc("Google Cloud Storage URL, e.g. `gs://my-bucket/flowline`.")
          .forwarded()
          .build();

  @Override
  public String title() {
    return "Datastore";
  }

  @Override
  public String description() {
    return "Where runs keep artifacts, logs and metadata. `local` is a folder; `s3`, `azure` and"
        + " `gs` are shared stores that remote steps can reach.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(DEFAULT_DATASTORE, SYSROOT_LOCAL, SYSROOT_S3, SYSROOT_AZURE, SYSROOT_GS);
  }
}
