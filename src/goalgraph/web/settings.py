"""Typed settings of the web app, read from arguments or GOALGRAPH_* environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """What the app serves and the limits it enforces."""

    model_config = SettingsConfigDict(env_prefix="GOALGRAPH_", frozen=True)

    data: list[Path] = Field(default_factory=list, description="RDF files or folders to serve.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    default_lang: Literal["nb", "en"] = "nb"
    max_body_bytes: int = Field(
        default=2_000_000, gt=0, description="Largest request body accepted (413 above)."
    )
    graph_max_nodes: int = Field(
        default=500, gt=0, description="Most nodes the graph view draws around its focus."
    )
    graph_max_depth: int = Field(default=4, ge=1, le=10)
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser."
    )

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard(cls, origins: list[str]) -> list[str]:
        if "*" in origins:
            raise ValueError("list the allowed origins explicitly; '*' is not accepted")
        return origins
