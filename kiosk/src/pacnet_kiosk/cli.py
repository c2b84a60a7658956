"""`pacnet-kiosk enrol | run | status | sync`."""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys

from pacnet_kiosk import __version__
from pacnet_kiosk.api import KioskApi, Offline, Refused
from pacnet_kiosk.config import Config
from pacnet_kiosk.engine import Engine, enrol
from pacnet_kiosk.journal import ENDED, OPEN, REJECTED, SYNCED, Journal


def build_engine(config: Config) -> Engine:
    journal = Journal(config.journal_file())
    api = KioskApi(
        config.server_url,
        config.token,
        timeout=config.timeout_seconds,
        language=config.language,
    )
    return Engine(config, journal, api)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pacnet-kiosk", description=__doc__)
    parser.add_argument("--config", help="the configuration file (default: per OS, see docs)")
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True)
    enrol_parser = commands.add_parser("enrol", help="enrol this computer with a one-time code")
    enrol_parser.add_argument("--server", required=True, help="pacnet's address, https://…")
    enrol_parser.add_argument("--code", required=True, help="the code from the computer's page")
    enrol_parser.add_argument("--name", default=platform.node(), help="this computer's name")
    run_parser = commands.add_parser("run", help="the lock screen")
    run_parser.add_argument("--windowed", action="store_true", help="not full screen (testing)")
    commands.add_parser("status", help="enrolment, rules and sessions waiting to be sent")
    commands.add_parser("sync", help="one heartbeat and upload now")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    config = Config.load(args.config)

    if args.command == "enrol":
        try:
            answer = enrol(config, args.server, args.code, args.name)
        except Refused as refusal:
            print(f"refused: {refusal.detail or refusal.body}", file=sys.stderr)
            return 2
        except Offline as error:
            print(f"no answer from {args.server}: {error}", file=sys.stderr)
            return 3
        print(f"enrolled {answer.get('computer')} at {answer.get('point')}; config {config.path}")
        return 0

    if not config.enrolled:
        print(f"not enrolled: run `pacnet-kiosk enrol` first ({config.path})", file=sys.stderr)
        return 2

    if args.command == "run":
        from pacnet_kiosk.ui.app import run

        return run(build_engine(config), full_screen=not args.windowed)

    engine = build_engine(config)
    if args.command == "sync":
        ok = engine.sync_once()
        print("online" if ok else "offline")
        return 0 if ok else 3
    rules = engine.rules or {}
    print(
        json.dumps(
            {
                "config": config.path,
                "server": config.server_url,
                "computer": config.computer,
                "point": config.point,
                "journal": str(config.journal_file()),
                "rules_version": rules.get("version"),
                "sessions": {
                    state: engine.journal.sessions_count(state)
                    for state in (OPEN, ENDED, SYNCED, REJECTED)
                },
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
