"""Print every operation of the API documents with the client method that sends it.

For each operation of the 0.40 document (and each operation of the 2.0.0 document the client
also sends, such as the replacements of removed ones), this prints the path, the operationId,
whether 2.x servers still have it, the method of ``AirbyteClient`` that sends it (found from the
``Endpoint`` constants each method's source names) and the test modules that call that method.
Run from the repository root: ``python tools/operations_table.py [--markdown]``; exits 1 when an
operation of the 0.40 document has no method.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aioairbyte import AirbyteClient, api  # noqa: E402
from aioairbyte.api._base import Resource  # noqa: E402
from aioairbyte.endpoints import Endpoint  # noqa: E402
from tests import spec  # noqa: E402


def methods_by_path() -> dict[str, set[str]]:
    """``path -> {"namespace.method", ...}`` of the client's public methods."""
    constants: dict[str, dict[str, str]] = {}  # module -> constant name -> path
    for info in pkgutil.iter_modules(api.__path__):
        module = importlib.import_module(f"{api.__name__}.{info.name}")
        constants[module.__name__] = {
            name: value.path for name, value in vars(module).items() if isinstance(value, Endpoint)
        }
    found: dict[str, set[str]] = {}
    client = AirbyteClient("http://127.0.0.1:9/api")
    for namespace, resource in vars(client).items():
        if namespace.startswith("_") or not isinstance(resource, Resource):
            continue
        for cls in type(resource).__mro__:
            table = constants.get(cls.__module__)
            if not table:
                continue
            for attr, function in vars(cls).items():
                if attr.startswith("_") or not inspect.isfunction(function):
                    continue
                source = inspect.getsource(function)
                for name, path in table.items():
                    if re.search(rf"\b{name}\b", source):
                        found.setdefault(path, set()).add(f"{namespace}.{attr}")
    return found


def tests_calling(method: str) -> list[str]:
    namespace, attr = method.split(".")
    pattern = re.compile(rf"\.{namespace}\.{attr}\(|\"{namespace}\.{attr}[\"\[]")
    hits = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if pattern.search(path.read_text()):
            hits.append(str(path.relative_to(ROOT / "tests")))
    return hits


def main() -> int:
    markdown = "--markdown" in sys.argv
    old = spec.load_spec()["paths"]
    modern = spec.load_spec("2.0")["paths"]
    methods = methods_by_path()
    rows = []
    for path, item in old.items():
        for verb, operation in item.items():
            if verb in ("get", "post"):
                rows.append((path, operation["operationId"], path in modern))
    extra = sorted(p for p in methods if p not in old)
    for path in extra:
        operation = next(o for v, o in modern.get(path, {}).items() if v in ("get", "post"))
        rows.append((path, operation["operationId"] + " (2.x)", True))
    missing = 0
    if markdown:
        print("| Path | operationId | 2.x | Client method | Tests |")
        print("|---|---|---|---|---|")
    for path, operation_id, kept in rows:
        names = sorted(methods.get(path, ()))
        missing += not names
        tests = sorted({t for name in names for t in tests_calling(name)})
        cells = [path, operation_id, "yes" if kept else "removed", ", ".join(names) or "MISSING"]
        if markdown:
            print("| " + " | ".join([*cells, ", ".join(tests)]) + " |")
        else:
            print(f"{path:58} {cells[3]:50} {len(tests)} test modules")
    print(f"\n{len(rows)} operations, {missing} without a method", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
