"""`paiban serve`: the pages in a local web page that refreshes itself after every edit."""

from __future__ import annotations

import argparse
import sys

#: The ports TCP has; 0 asks the system for any free one.
PORT_RANGE = range(0, 65536)


def port_number(text: str) -> int:
    """`--port`'s value, checked here so that a bad one is a usage error (exit 2) naming the
    range."""
    try:
        port = int(text)
    except ValueError:
        port = None
    if port not in PORT_RANGE:
        raise argparse.ArgumentTypeError(
            f"expected a port number from {PORT_RANGE.start} to {PORT_RANGE.stop - 1} "
            f"(0 for any free one), got {text!r}")
    return port


def run(args: argparse.Namespace) -> int:
    from paiban.preview.live import LivePreview
    from paiban.preview.server import PreviewServer
    from paiban.preview.session import PreviewOptions, PreviewSession

    session = PreviewSession(args.article, args.style, PreviewOptions(render_images=False))
    live = LivePreview(session, log=lambda text: print(text, flush=True))
    server = PreviewServer(live, args.host, args.port)
    live.start()
    print(f"serving {server.url} (Ctrl-C to stop)", flush=True)
    if not server.loopback_only:
        print(f"warning: listening on {args.host}: anyone who can reach this machine can see the pages",
              file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        live.stop()
        server.server_close()
    return 0


def register(sub) -> None:
    p = sub.add_parser("serve", help="show the pages in a browser, refreshed after every edit")
    p.add_argument("article", help="article file (Markdown with YAML front matter)")
    p.add_argument("--style", default="magazine", help="built-in style name or path to a YAML style sheet")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=port_number, default=8000, help="port (default 8000; 0 picks a free one)")
    p.set_defaults(func=run)
