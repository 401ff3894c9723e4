package dev.flowline.azure;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.OptionGroup;
import dev.flowline.config.ValueType;
import java.util.List;

/**
 * Options of the Azure Blob datastore beyond its root ({@code METAFLOW_DATASTORE_SYSROOT_AZURE},
 * declared with the other roots). Credentials are not Flowline options: a connection string in
 * {@code AZURE_STORAGE_CONNECTION_STRING}, else {@code DefaultAzureCredential}.
 */
public final class AzureOptions implements OptionGroup {
  /** The storage account's blob service endpoint. */
  public static final ConfigOption<String> BLOB_SERVICE_ENDPOINT =
      ConfigOption.builder(
              AzureSettings.ENDPOINT_KEY,
              ValueType.url("\"https://myaccount.blob.core.windows.net\"", "http", "https"))
          .defaultText("the endpoint in `AZURE_STORAGE_CONNECTION_STRING`")
          .doc(
              "Blob service endpoint of the storage account, e.g. `https://myaccount.blob.core.windows.net`."
                  + " Required with `--datastore azure` unless a connection string names it.")
          .forwarded()
          .build();

  @Override
  public String title() {
    return "Azure Blob datastore";
  }

  @Override
  public String description() {
    return "Used with `--datastore azure`. Credentials: the connection string in"
        + " `AZURE_STORAGE_CONNECTION_STRING` (account key or SAS) when set, else `DefaultAzureCredential`"
        + " (service principal variables, workload identity, managed identity, Azure CLI login). See"
        + " `docs/datastores.md`.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(BLOB_SERVICE_ENDPOINT);
  }
}
