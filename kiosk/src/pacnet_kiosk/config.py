"""The kiosk's configuration file (TOML): server, credentials and the session's folders."""

from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
from pathlib import Path

CONFIG_ENV = "PACNET_KIOSK_CONFIG"


def default_config_path() -> Path:
    """Machine-wide on Windows (every local account reads it), per kiosk user on Linux."""
    if env := os.environ.get(CONFIG_ENV):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
        return base / "pacnet-kiosk" / "config.toml"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "pacnet-kiosk" / "config.toml"


def _default_restart() -> list[str]:
    return ["shutdown", "/r", "/t", "0"] if sys.platform == "win32" else ["systemctl", "reboot"]


def _default_shutdown() -> list[str]:
    return ["shutdown", "/s", "/t", "0"] if sys.platform == "win32" else ["systemctl", "poweroff"]


@dataclasses.dataclass
class Config:
    server_url: str = ""
    token: str = ""
    computer: str = ""
    point: str = ""
    name: str = ""
    language: str = "vi"
    # Empty: next to the config file.
    journal_path: str = ""
    # Emptied at the end of every session; empty: nothing to clean.
    browser_profile_dir: str = ""
    downloads_dir: str = ""
    # Started at sign-in and ended at the session's end; {profile} and {downloads} are replaced.
    session_command: list[str] = dataclasses.field(default_factory=list)
    restart_command: list[str] = dataclasses.field(default_factory=_default_restart)
    shutdown_command: list[str] = dataclasses.field(default_factory=_default_shutdown)
    heartbeat_seconds: int = 60
    session_heartbeat_seconds: int = 15
    timeout_seconds: float = 5.0
    path: str = dataclasses.field(default="", metadata={"stored": False})

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url and self.token)

    def journal_file(self) -> Path:
        if self.journal_path:
            return Path(self.journal_path)
        return Path(self.path or default_config_path()).with_name("journal.sqlite3")

    @classmethod
    def load(cls, path: Path | str | None = None) -> Config:
        path = Path(path) if path else default_config_path()
        values: dict = {}
        if path.exists():
            with path.open("rb") as file:
                values = tomllib.load(file)
        known = {f.name for f in dataclasses.fields(cls) if f.metadata.get("stored", True)}
        config = cls(**{k: v for k, v in values.items() if k in known})
        config.path = str(path)
        return config

    def save(self, path: Path | str | None = None) -> Path:
        path = Path(path or self.path or default_config_path())
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# pacnet-kiosk configuration (written by `pacnet-kiosk enrol`)."]
        for field in dataclasses.fields(self):
            if field.metadata.get("stored", True):
                lines.append(f"{field.name} = {_toml_value(getattr(self, field.name))}")
        temporary = path.with_suffix(".tmp")
        temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if sys.platform != "win32":
            os.chmod(temporary, 0o600)  # the token is a credential
        os.replace(temporary, path)
        self.path = str(path)
        return path


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'
