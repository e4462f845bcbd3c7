"""The connector specifications (``spec`` output) of the seeded definitions.

Trimmed from the real connectors' ``spec.json`` files, keeping what the platform uses: the
required fields, the types and bounds, the ``oneOf`` branches with their discriminators and
``airbyte_secret`` on every password, key and token, so that the seeded configurations in
:mod:`~aioairbyte.simulator.seed` validate and mask the way the server's do. Google Sheets and
Snowflake carry the ``advancedAuth`` (OAuth 2.0) blocks of the real connectors.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DESTINATION_SPECIFICATIONS", "SOURCE_SPECIFICATIONS"]

# The OAuth app's client id and secret: what the server takes once per instance
# (``oauth_params/create``) and writes into a configuration's ``credentials``.
_OAUTH_SERVER_SPECIFICATIONS: dict[str, Any] = {
    "completeOAuthServerInputSpecification": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"client_id": {"type": "string"}, "client_secret": {"type": "string"}},
    },
    "completeOAuthServerOutputSpecification": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            key: {"type": "string", "path_in_connector_config": ["credentials", key]}
            for key in ("client_id", "client_secret")
        },
    },
}

_DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _string(title: str, order: int, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "title": title, "order": order, **extra}


def _secret(title: str, order: int, **extra: Any) -> dict[str, Any]:
    return _string(title, order, airbyte_secret=True, **extra)


def _integer(title: str, order: int, **extra: Any) -> dict[str, Any]:
    return {"type": "integer", "title": title, "order": order, **extra}


def _branch(
    title: str, key: str, value: str, properties: dict[str, Any], *required: str
) -> dict[str, Any]:
    """A ``oneOf`` branch told apart by ``key`` (a ``const``), as the connectors write them."""
    return {
        "title": title,
        "type": "object",
        "required": [key, *required],
        "properties": {key: {"type": "string", "const": value, "order": 0}, **properties},
    }


def _spec(
    documentation_url: str,
    title: str,
    required: list[str],
    properties: dict[str, Any],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "documentationUrl": documentation_url,
        "connectionSpecification": {
            "$schema": _DRAFT_07,
            "title": title,
            "type": "object",
            "required": required,
            "properties": properties,
        },
        **extra,
    }


def _ssl_modes(*, with_client_key: bool) -> dict[str, Any]:
    certificate = {
        "ca_certificate": _secret("CA Certificate", 1, multiline=True),
        **(
            {
                "client_certificate": _secret("Client Certificate", 2, multiline=True),
                "client_key": _secret("Client Key", 3, multiline=True),
                "client_key_password": _secret("Client key password", 4),
            }
            if with_client_key
            else {}
        ),
    }
    return {
        "title": "SSL Modes",
        "type": "object",
        "order": 8,
        "oneOf": [
            _branch("disable", "mode", "disable", {}),
            _branch("allow", "mode", "allow", {}),
            _branch("prefer", "mode", "prefer", {}),
            _branch("require", "mode", "require", {}),
            _branch("verify-ca", "mode", "verify-ca", certificate, "ca_certificate"),
            _branch("verify-full", "mode", "verify-full", certificate, "ca_certificate"),
        ],
    }


_TUNNEL_METHOD: dict[str, Any] = {
    "title": "SSH Tunnel Method",
    "type": "object",
    "description": "Whether to initiate an SSH tunnel before connecting to the database.",
    "oneOf": [
        _branch("No Tunnel", "tunnel_method", "NO_TUNNEL", {}),
        _branch(
            "SSH Key Authentication",
            "tunnel_method",
            "SSH_KEY_AUTH",
            {
                "tunnel_host": _string("SSH Tunnel Jump Server Host", 1),
                "tunnel_port": _integer("SSH Connection Port", 2, minimum=0, maximum=65536),
                "tunnel_user": _string("SSH Login Username", 3),
                "ssh_key": _secret("SSH Private Key", 4, multiline=True),
            },
            "tunnel_host",
            "tunnel_port",
            "tunnel_user",
            "ssh_key",
        ),
        _branch(
            "Password Authentication",
            "tunnel_method",
            "SSH_PASSWORD_AUTH",
            {
                "tunnel_host": _string("SSH Tunnel Jump Server Host", 1),
                "tunnel_port": _integer("SSH Connection Port", 2, minimum=0, maximum=65536),
                "tunnel_user": _string("SSH Login Username", 3),
                "tunnel_user_password": _secret("Password", 4),
            },
            "tunnel_host",
            "tunnel_port",
            "tunnel_user",
            "tunnel_user_password",
        ),
    ],
}

_DATABASE_PORT = _integer("Port", 1, minimum=0, maximum=65536, default=5432, examples=["5432"])

SOURCE_SPECIFICATIONS: dict[str, dict[str, Any]] = {
    # Postgres
    "decd338e-5647-4c0b-adf4-da0e75f5a750": _spec(
        "https://docs.airbyte.com/integrations/sources/postgres",
        "Postgres Source Spec",
        ["host", "port", "database", "username"],
        {
            "host": _string("Host", 0),
            "port": _DATABASE_PORT,
            "database": _string("Database Name", 2),
            "schemas": {
                "title": "Schemas",
                "type": "array",
                "order": 3,
                "items": {"type": "string"},
                "minItems": 0,
                "uniqueItems": True,
                "default": ["public"],
            },
            "username": _string("Username", 4),
            "password": _secret("Password", 5),
            "jdbc_url_params": _string("JDBC URL Parameters (Advanced)", 6),
            "ssl_mode": _ssl_modes(with_client_key=True),
            "replication_method": {
                "title": "Update Method",
                "type": "object",
                "order": 9,
                "oneOf": [
                    _branch("Detect Changes with Xmin System Column", "method", "Xmin", {}),
                    _branch(
                        "Read Changes using Write-Ahead Log (CDC)",
                        "method",
                        "CDC",
                        {
                            "plugin": {"type": "string", "enum": ["pgoutput"], "order": 1},
                            "replication_slot": _string("Replication Slot", 2),
                            "publication": _string("Publication", 3),
                            "initial_waiting_seconds": _integer(
                                "Initial Waiting Time in Seconds (Advanced)",
                                5,
                                minimum=120,
                                maximum=1200,
                                default=300,
                            ),
                        },
                        "replication_slot",
                        "publication",
                    ),
                    _branch("Scan Changes with User Defined Cursor", "method", "Standard", {}),
                ],
            },
            "tunnel_method": _TUNNEL_METHOD,
        },
    ),
    # Stripe
    "e094cb9a-26de-4645-8761-65c0c425d1de": _spec(
        "https://docs.airbyte.com/integrations/sources/stripe",
        "Stripe Source Spec",
        ["client_secret", "account_id"],
        {
            "account_id": _string("Account ID", 0),
            "client_secret": _secret("Secret Key", 1),
            "start_date": _string(
                "Replication start date", 2, format="date-time", default="2017-01-25T00:00:00Z"
            ),
            "lookback_window_days": _integer("Lookback Window in days", 3, minimum=0, default=0),
            "slice_range": _integer(
                "Data request time increment in days", 4, minimum=1, default=365
            ),
        },
    ),
    # Sample Data (Faker)
    "dfd88b22-b603-4c3d-aad7-3701784586b1": _spec(
        "https://docs.airbyte.com/integrations/sources/faker",
        "Faker Source Spec",
        ["count"],
        {
            "count": _integer("Count", 0, minimum=1, default=1000),
            "seed": _integer("Seed", 1, default=-1),
            "records_per_slice": _integer("Records Per Stream Slice", 2, minimum=1, default=1000),
            "always_updated": {"title": "Always Updated", "type": "boolean", "default": True},
            "parallelism": _integer("Parallelism", 4, minimum=1, default=4),
        },
    ),
    # File (CSV, JSON, Excel, Feather, Parquet)
    "778daa7c-feaf-4db6-96f3-70fd645acc77": _spec(
        "https://docs.airbyte.com/integrations/sources/file",
        "File Source Spec",
        ["dataset_name", "format", "url", "provider"],
        {
            "dataset_name": _string("Dataset Name", 0),
            "format": _string(
                "File Format",
                1,
                enum=[
                    "csv",
                    "json",
                    "jsonl",
                    "excel",
                    "excel_binary",
                    "feather",
                    "parquet",
                    "yaml",
                ],
                default="csv",
            ),
            "reader_options": _string("Reader Options", 2),
            "url": _string("URL", 3),
            "provider": {
                "title": "Storage Provider",
                "type": "object",
                "order": 4,
                "default": "Public Web",
                "oneOf": [
                    _branch(
                        "HTTPS: Public Web",
                        "storage",
                        "HTTPS",
                        {
                            "user_agent": {
                                "title": "User-Agent",
                                "type": "boolean",
                                "default": False,
                            }
                        },
                    ),
                    _branch(
                        "GCS: Google Cloud Storage",
                        "storage",
                        "GCS",
                        {"service_account_json": _secret("Service Account JSON", 1)},
                    ),
                    _branch(
                        "S3: Amazon Web Services",
                        "storage",
                        "S3",
                        {
                            "aws_access_key_id": _secret("AWS Access Key ID", 1),
                            "aws_secret_access_key": _secret("AWS Secret Access Key", 2),
                        },
                    ),
                    _branch(
                        "SFTP: Secure File Transfer Protocol",
                        "storage",
                        "SFTP",
                        {
                            "user": _string("User", 1),
                            "password": _secret("Password", 2),
                            "host": _string("Host", 3),
                            "port": _string("Port", 4, default="22"),
                        },
                        "user",
                        "host",
                    ),
                ],
            },
        },
    ),
    # Google Sheets (OAuth 2.0 or a service account)
    "71607ba1-c0ac-4799-8049-7f4b90dd50f7": _spec(
        "https://docs.airbyte.com/integrations/sources/google-sheets",
        "Google Sheets Source Spec",
        ["spreadsheet_id", "credentials"],
        {
            "batch_size": _integer("Row Batch Size", 1, default=200),
            "spreadsheet_id": _string("Spreadsheet Link", 0),
            "names_conversion": {
                "title": "Convert Column Names",
                "type": "boolean",
                "default": False,
            },
            "credentials": {
                "title": "Authentication",
                "type": "object",
                "order": 2,
                "oneOf": [
                    _branch(
                        "Authenticate via Google (OAuth)",
                        "auth_type",
                        "Client",
                        {
                            "client_id": _secret("Client ID", 1),
                            "client_secret": _secret("Client Secret", 2),
                            "refresh_token": _secret("Refresh Token", 3),
                        },
                        "client_id",
                        "client_secret",
                        "refresh_token",
                    ),
                    _branch(
                        "Service Account Key Authentication",
                        "auth_type",
                        "Service",
                        {"service_account_info": _secret("Service Account Information.", 1)},
                        "service_account_info",
                    ),
                ],
            },
        },
        advancedAuth={
            "authFlowType": "oauth2.0",
            "predicateKey": ["credentials", "auth_type"],
            "predicateValue": "Client",
            "oauthConfigSpecification": {
                "completeOAuthOutputSpecification": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "refresh_token": {
                            "type": "string",
                            "path_in_connector_config": ["credentials", "refresh_token"],
                        }
                    },
                },
                **_OAUTH_SERVER_SPECIFICATIONS,
            },
        },
    ),
}
"""``ConnectorSpecification`` of each seeded source definition, by definition id."""

_DESTINATION_SYNC_MODES = ["overwrite", "append", "append_dedup"]

DESTINATION_SPECIFICATIONS: dict[str, dict[str, Any]] = {
    # BigQuery
    "22f6c74f-5699-40ff-833c-4a879ea40133": _spec(
        "https://docs.airbyte.com/integrations/destinations/bigquery",
        "BigQuery Destination Spec",
        ["project_id", "dataset_location", "dataset_id"],
        {
            "project_id": _string("Project ID", 0),
            "dataset_location": _string(
                "Dataset Location",
                1,
                enum=["US", "EU", "asia-east1", "asia-northeast1", "europe-west1", "us-east1"],
            ),
            "dataset_id": _string("Default Dataset ID", 2),
            "loading_method": {
                "title": "Loading Method",
                "type": "object",
                "order": 3,
                "oneOf": [
                    _branch("Standard Inserts", "method", "Standard", {}),
                    _branch(
                        "GCS Staging",
                        "method",
                        "GCS Staging",
                        {
                            "credential": {
                                "title": "Credential",
                                "type": "object",
                                "oneOf": [
                                    _branch(
                                        "HMAC key",
                                        "credential_type",
                                        "HMAC_KEY",
                                        {
                                            "hmac_key_access_id": _secret("HMAC Key Access ID", 1),
                                            "hmac_key_secret": _secret("HMAC Key Secret", 2),
                                        },
                                        "hmac_key_access_id",
                                        "hmac_key_secret",
                                    )
                                ],
                            },
                            "gcs_bucket_name": _string("GCS Bucket Name", 2),
                            "gcs_bucket_path": _string("GCS Bucket Path", 3),
                        },
                        "credential",
                        "gcs_bucket_name",
                        "gcs_bucket_path",
                    ),
                ],
            },
            "credentials_json": _secret("Service Account Key JSON (Required for cloud)", 4),
            "transformation_priority": _string(
                "Transformation Query Run Type",
                5,
                enum=["interactive", "batch"],
                default="interactive",
            ),
            "big_query_client_buffer_size_mb": _integer(
                "Google BigQuery Client Chunk Size", 6, minimum=1, maximum=15, default=15
            ),
            "raw_data_dataset": _string("Destinations v2 Raw Table Dataset", 7),
        },
        supportsIncremental=True,
        supportsNormalization=True,
        supportsDBT=True,
        supported_destination_sync_modes=_DESTINATION_SYNC_MODES,
    ),
    # Snowflake (OAuth 2.0, key pair or password)
    "424892c4-daac-4491-b35d-c6688ba547ba": _spec(
        "https://docs.airbyte.com/integrations/destinations/snowflake",
        "Snowflake Destination Spec",
        ["host", "role", "warehouse", "database", "schema", "username"],
        {
            "host": _string("Host", 0),
            "role": _string("Role", 1),
            "warehouse": _string("Warehouse", 2),
            "database": _string("Database", 3),
            "schema": _string("Default Schema", 4),
            "username": _string("Username", 5),
            "credentials": {
                "title": "Authorization Method",
                "type": "object",
                "order": 6,
                "oneOf": [
                    _branch(
                        "OAuth2.0",
                        "auth_type",
                        "OAuth2.0",
                        {
                            "client_id": _secret("Client ID", 1),
                            "client_secret": _secret("Client Secret", 2),
                            "access_token": _secret("Access Token", 3),
                            "refresh_token": _secret("Refresh Token", 4),
                        },
                        "access_token",
                        "refresh_token",
                    ),
                    _branch(
                        "Key Pair Authentication",
                        "auth_type",
                        "Key Pair Authentication",
                        {
                            "private_key": _secret("Private Key", 1, multiline=True),
                            "private_key_password": _secret("Passphrase", 2),
                        },
                        "private_key",
                    ),
                    _branch(
                        "Username and Password",
                        "auth_type",
                        "Username and Password",
                        {"password": _secret("Password", 1)},
                        "password",
                    ),
                ],
            },
            "jdbc_url_params": _string("JDBC URL Params", 7),
            "loading_method": {
                "title": "Data Staging Method",
                "type": "object",
                "order": 8,
                "oneOf": [
                    _branch("Select another option", "method", "Standard", {}),
                    _branch("Recommended Internal Staging", "method", "Internal Staging", {}),
                ],
            },
        },
        supportsIncremental=True,
        supportsNormalization=True,
        supportsDBT=True,
        supported_destination_sync_modes=_DESTINATION_SYNC_MODES,
        advancedAuth={
            "authFlowType": "oauth2.0",
            "predicateKey": ["credentials", "auth_type"],
            "predicateValue": "OAuth2.0",
            "oauthConfigSpecification": {
                "oauthUserInputFromConnectorConfigSpecification": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "host": {"type": "string", "path_in_connector_config": ["host"]}
                    },
                },
                "completeOAuthOutputSpecification": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "access_token": {
                            "type": "string",
                            "path_in_connector_config": ["credentials", "access_token"],
                        },
                        "refresh_token": {
                            "type": "string",
                            "path_in_connector_config": ["credentials", "refresh_token"],
                        },
                    },
                },
                **_OAUTH_SERVER_SPECIFICATIONS,
            },
        },
    ),
    # Local JSON
    "a625d593-bba5-4a1c-a53d-2d246268a816": _spec(
        "https://docs.airbyte.com/integrations/destinations/local-json",
        "Local Json Destination Spec",
        ["destination_path"],
        {"destination_path": _string("Destination Path", 0, examples=["/json_data"])},
        supportsIncremental=True,
        supportsNormalization=False,
        supportsDBT=False,
        supported_destination_sync_modes=["overwrite", "append"],
    ),
    # Postgres
    "25c5221d-dce2-4163-ade9-739ef790f503": _spec(
        "https://docs.airbyte.com/integrations/destinations/postgres",
        "Postgres Destination Spec",
        ["host", "port", "username", "database", "schema"],
        {
            "host": _string("Host", 0),
            "port": _DATABASE_PORT,
            "database": _string("DB Name", 2),
            "schema": _string("Default Schema", 3, default="public"),
            "username": _string("User", 4),
            "password": _secret("Password", 5),
            "ssl": {"title": "SSL Connection", "type": "boolean", "default": False, "order": 6},
            "ssl_mode": _ssl_modes(with_client_key=True),
            "jdbc_url_params": _string("JDBC URL Params", 8),
            "tunnel_method": _TUNNEL_METHOD,
        },
        supportsIncremental=True,
        supportsNormalization=True,
        supportsDBT=True,
        supported_destination_sync_modes=_DESTINATION_SYNC_MODES,
    ),
}
"""``ConnectorSpecification`` of each seeded destination definition, by definition id."""
