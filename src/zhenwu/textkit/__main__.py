"""`python -m zhenwu.textkit extract|check FILE …`"""

import sys

from .cli import check_main, extract_main

_COMMANDS = {"extract": extract_main, "check": check_main}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in _COMMANDS:
        print("用法：python -m zhenwu.textkit extract|check FILE [--format …]", file=sys.stderr)
        return 2
    return _COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
