"""Operations (normalization, dbt, webhooks) attached to connections."""

from uuid import UUID

from ._base import OpenStrEnum, model

__all__ = [
    "OperatorDbt",
    "OperatorNormalizationOption",
    "OperatorNormalization",
    "OperatorType",
    "OperatorWebhookDbtCloud",
    "OperatorWebhookWebhookType",
    "OperatorWebhook",
    "OperatorConfiguration",
    "OperationCreate",
    "OperationRead",
]


@model
class OperatorDbt:
    """``OperatorDbt`` schema of the Airbyte Config API."""

    git_repo_url: str
    git_repo_branch: str | None = None
    docker_image: str | None = None
    dbt_arguments: str | None = None


class OperatorNormalizationOption(OpenStrEnum):
    """``OperatorNormalizationOption`` values of the Airbyte Config API."""

    BASIC = "basic"


@model
class OperatorNormalization:
    """``OperatorNormalization`` schema of the Airbyte Config API."""

    option: OperatorNormalizationOption | None = None


class OperatorType(OpenStrEnum):
    """``OperatorType`` values of the Airbyte Config API."""

    NORMALIZATION = "normalization"
    DBT = "dbt"
    WEBHOOK = "webhook"


@model
class OperatorWebhookDbtCloud:
    """``OperatorWebhookDbtCloud`` schema of the Airbyte Config API."""

    account_id: int
    job_id: int


class OperatorWebhookWebhookType(OpenStrEnum):
    """``OperatorWebhookWebhookType`` values of the Airbyte Config API."""

    DBT_CLOUD = "dbtCloud"


@model
class OperatorWebhook:
    """``OperatorWebhook`` schema of the Airbyte Config API."""

    webhook_config_id: UUID | None = None
    webhook_type: OperatorWebhookWebhookType | None = None
    dbt_cloud: OperatorWebhookDbtCloud | None = None
    execution_url: str | None = None
    execution_body: str | None = None


@model
class OperatorConfiguration:
    """``OperatorConfiguration`` schema of the Airbyte Config API."""

    operator_type: OperatorType
    normalization: OperatorNormalization | None = None
    dbt: OperatorDbt | None = None
    webhook: OperatorWebhook | None = None


@model
class OperationCreate:
    """``OperationCreate`` schema of the Airbyte Config API."""

    workspace_id: UUID
    name: str
    operator_configuration: OperatorConfiguration


@model
class OperationRead:
    """``OperationRead`` schema of the Airbyte Config API."""

    workspace_id: UUID
    operation_id: UUID
    name: str
    operator_configuration: OperatorConfiguration
