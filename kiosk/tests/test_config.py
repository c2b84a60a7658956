import stat
import sys

from pacnet_kiosk.config import Config, default_config_path


def test_the_config_file_round_trips(tmp_path):
    path = tmp_path / "kiosk" / "config.toml"
    Config(server_url="https://pacnet.example", token='t"o\\k', session_command=["firefox"]).save(
        path
    )
    again = Config.load(path)
    assert again.server_url == "https://pacnet.example"
    assert again.token == 't"o\\k'
    assert again.session_command == ["firefox"]
    assert again.journal_file() == tmp_path / "kiosk" / "journal.sqlite3"


def test_the_token_is_readable_by_its_owner_only(tmp_path):
    path = Config(token="secret").save(tmp_path / "config.toml")
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_absent_file_means_not_enrolled(tmp_path):
    assert not Config.load(tmp_path / "none.toml").enrolled


def test_the_environment_names_the_config_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PACNET_KIOSK_CONFIG", str(tmp_path / "c.toml"))
    assert default_config_path() == tmp_path / "c.toml"
