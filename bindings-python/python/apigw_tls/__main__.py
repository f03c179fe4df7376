"""The ``apigw-tls`` command: ``python -m apigw_tls ...`` and the ``apigw-tls`` script pip puts on
PATH. Both run the Rust command line compiled into the extension (``apigw_tls_cli::run``), the very
code of the ``apigw-tls`` binary, so the commands, output and exit statuses are the binary's.
"""

from __future__ import annotations

import signal
import sys
from typing import NoReturn


def main() -> NoReturn:
    """Runs ``apigw-tls`` with this process's arguments and exits with its status."""
    from . import _native

    # Ctrl-C must stop the command as it stops the binary: Python's own handler would only run
    # once the native call returns, which for `probe`, `scan` or `demo` can be a while.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # The command writes to file descriptors 1 and 2 directly; anything Python buffered first.
    sys.stdout.flush()
    sys.stderr.flush()
    # The program name is the command's, whichever way it was started (clap prints it in usage).
    sys.exit(_native.run_cli(["apigw-tls", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
