"""Typed settings of the web app, read from arguments, GOALGRAPH_* variables or a TOML file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from goalgraph.errors import LoadError
from goalgraph.web.editors import EditorSettings

#: The shortest token accepted; shorter ones are too easy to guess.
MIN_TOKEN_LENGTH = 16


class Settings(BaseSettings):
    """What the app serves, who may write, and the limits it enforces."""

    model_config = SettingsConfigDict(env_prefix="GOALGRAPH_", frozen=True, extra="forbid")

    data: list[Path] = Field(default_factory=list, description="RDF files or folders to serve.")
    store: str | None = Field(
        default=None, description="An existing store to serve: a folder, memory: or a URL."
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    default_lang: Literal["nb", "en"] = "nb"
    max_body_bytes: int = Field(
        default=2_000_000, gt=0, description="Largest request body of a read request (413 above)."
    )
    max_upload_bytes: int = Field(
        default=50_000_000, gt=0, description="Largest body of a write request (413 above)."
    )
    graph_max_nodes: int = Field(
        default=500, gt=0, description="Most nodes the graph view draws around its focus."
    )
    graph_max_depth: int = Field(default=4, ge=1, le=10)
    cors_origins: list[str] = Field(
        default_factory=list,
        description=(
            "Origins whose pages may read from this server in a browser (CORS): listed "
            'explicitly, or ["*"] for any origin. Writes still need the write token.'
        ),
    )
    write_token: SecretStr | None = Field(
        default=None, description="Bearer token for writes; without one, writes are off."
    )
    read_token: SecretStr | None = Field(
        default=None, description="Bearer token for reads; without one, reads are public."
    )
    query_timeout: float = Field(
        default=5.0, gt=0, le=3600, description="Seconds a SPARQL query may run (503 after)."
    )
    max_query_length: int = Field(
        default=100_000, gt=0, description="Longest SPARQL query or update in characters."
    )
    max_results: int = Field(
        default=100_000, gt=0, description="Most result rows or triples of one query (413 above)."
    )
    max_result_bytes: int = Field(
        default=20_000_000, gt=0, description="Largest serialised query result in bytes (413)."
    )
    max_literal_length: int = Field(
        default=1_000_000,
        gt=0,
        description="Longest literal, in characters, a write may store (413 above).",
    )
    query_workers: int = Field(
        default=2, ge=1, le=64, description="Worker processes evaluating endpoint queries."
    )
    max_queries_per_client: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Endpoint queries one client address may run at once (429 above).",
    )
    validation_timeout: float = Field(
        default=20.0,
        gt=0,
        le=3600,
        description="Seconds a validation of a posted model (/api/validate), or a write's "
        "check in its worker process (on-disk store), may run (503 after; nothing written).",
    )
    write_check_niceness: int = Field(
        default=5,
        ge=0,
        le=19,
        description="The niceness (Unix priority, 0 normal, 19 lowest) of the worker process "
        "checking writes to an on-disk store: above 0 the readers' queries get the cores "
        "first, so that writes never slow reads down much; a write then takes longer while "
        "many queries run.",
    )
    warm_report_from: int = Field(
        default=300_000,
        ge=0,
        description="On a store of at least this many triples the /report page (in the "
        "default language, every graph) is worked out in the background after start and "
        "again after writes, once they pause, so that readers find it ready: on the 357 "
        "generated municipalities it takes half a minute. 0: on any store.",
    )
    shacl_gate: bool = Field(
        default=True, description="Refuse writes that leave the model with SHACL Violations."
    )
    vocabulary_writes: bool = Field(
        default=False,
        description="Allow writes that remove or empty the vocabulary graph, or write every "
        "graph (DROP ALL); refused by default.",
    )
    max_pending_writes: int = Field(
        default=8,
        ge=1,
        le=1000,
        description="Writes waiting for their turn; past it a write gets 503 with Retry-After, "
        "so that writers queue without holding up readers.",
    )
    allow_service: bool = Field(
        default=False, description="Allow SERVICE (federated queries); LOAD is always refused."
    )
    editor: list[EditorSettings] = Field(
        default_factory=list,
        description="The editors of the browser editor and of /api/nodes: each with a name, "
        "the hash of its token (goalgraph editor hash) and the named graphs it may change.",
    )

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        if "*" in origins and origins != ["*"]:
            raise ValueError("give '*' (any origin) alone, or list the allowed origins")
        for origin in origins:
            if origin != "*" and (
                not origin.startswith(("http://", "https://")) or origin.rstrip("/") != origin
            ):
                raise ValueError(
                    f"'{origin}' is not an origin; write scheme and host, e.g. "
                    "https://yasgui.example.org, without a path or a trailing slash"
                )
        return origins

    @field_validator("editor")
    @classmethod
    def _unique_editors(cls, editors: list[EditorSettings]) -> list[EditorSettings]:
        names = [e.name for e in editors]
        doubled = sorted({n for n in names if names.count(n) > 1})
        if doubled:
            raise ValueError(f"editor names must differ: {', '.join(doubled)} given twice")
        hashes = [e.token_hash for e in editors]
        if len(set(hashes)) < len(hashes):
            raise ValueError("two editors have the same token_hash; give each its own token")
        return editors

    @field_validator("write_token", "read_token")
    @classmethod
    def _strong_token(cls, token: SecretStr | None) -> SecretStr | None:
        if token is None:
            return None
        value = token.get_secret_value()
        if len(value) < MIN_TOKEN_LENGTH or value != value.strip():
            raise ValueError(
                f"a token needs at least {MIN_TOKEN_LENGTH} characters and no surrounding spaces"
            )
        return token


def load_settings(config: Path | None = None, **given: Any) -> Settings:
    """Settings from ``given`` arguments, else GOALGRAPH_* variables, else the TOML ``config``.

    Raises LoadError when the file cannot be read or a value is not acceptable.
    """
    from_file: dict[str, Any] = {}
    if config is not None:
        try:
            from_file = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise LoadError(
                f"{config}: cannot read the settings: {exc}", source=str(config)
            ) from exc
    try:
        from_env = Settings().model_dump(exclude_unset=True)
        return Settings.model_validate({**from_file, **from_env, **given})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise LoadError(
            f"bad settings: {problems}", source=str(config) if config else None
        ) from exc
