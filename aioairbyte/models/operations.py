"""Operations attached to connections: webhooks (and normalization, dbt before 1.0)."""

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
    "OperationUpdate",
    "OperationIdRequestBody",
    "OperationReadList",
    "CheckOperationReadStatus",
    "CheckOperationRead",
]


@model
class OperatorDbt:
    """A dbt transformation (servers before 1.0)."""

    git_repo_url: str
    git_repo_branch: str | None = None
    docker_image: str | None = None
    dbt_arguments: str | None = None


class OperatorNormalizationOption(OpenStrEnum):
    """The normalization flavour (servers before 1.0)."""

    BASIC = "basic"


@model
class OperatorNormalization:
    """Basic normalization (servers before 1.0)."""

    option: OperatorNormalizationOption | None = None


class OperatorType(OpenStrEnum):
    """The kind of an operation (only ``webhook`` still runs on 1.0 and later)."""

    NORMALIZATION = "normalization"
    DBT = "dbt"
    WEBHOOK = "webhook"


@model
class OperatorWebhookDbtCloud:
    """The dbt Cloud job a webhook operation triggers."""

    account_id: int
    job_id: int


class OperatorWebhookWebhookType(OpenStrEnum):
    """The kind of webhook."""

    DBT_CLOUD = "dbtCloud"


@model
class OperatorWebhook:
    """A webhook operation (``execution_url``/``execution_body`` are deprecated)."""

    webhook_config_id: UUID | None = None
    webhook_type: OperatorWebhookWebhookType | None = None
    dbt_cloud: OperatorWebhookDbtCloud | None = None
    execution_url: str | None = None
    execution_body: str | None = None


@model
class OperatorConfiguration:
    """What an operation runs; ``normalization`` and ``dbt`` are for servers before 1.0."""

    operator_type: OperatorType
    normalization: OperatorNormalization | None = None
    dbt: OperatorDbt | None = None
    webhook: OperatorWebhook | None = None


@model
class OperationCreate:
    """A new operation of a workspace."""

    workspace_id: UUID
    name: str
    operator_configuration: OperatorConfiguration


@model
class OperationRead:
    """An operation of a workspace."""

    workspace_id: UUID
    operation_id: UUID
    name: str
    operator_configuration: OperatorConfiguration


@model
class OperationUpdate:
    """A full replacement of an operation's name and configuration (its workspace stays)."""

    operation_id: UUID
    name: str
    operator_configuration: OperatorConfiguration


@model
class OperationIdRequestBody:
    """A request naming one operation."""

    operation_id: UUID


@model
class OperationReadList:
    """The operations of a connection."""

    operations: list[OperationRead]


class CheckOperationReadStatus(OpenStrEnum):
    """Whether an operator configuration is valid."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"


@model
class CheckOperationRead:
    """The outcome of checking an operator configuration: ``status`` and why it failed."""

    status: CheckOperationReadStatus
    message: str | None = None

    @property
    def succeeded(self) -> bool:
        """Whether the configuration is valid."""
        return self.status is CheckOperationReadStatus.SUCCEEDED
