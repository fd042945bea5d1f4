"""``python -m lint`` runs the `scopelint` command.

``python -m`` puts the working directory first on ``sys.path``; when that is
the repository under scan, any module it ships (``yaml.py``, ``json.py``, a
``*.dist-info`` plugin) would be imported in place of the real one. The
package's ``__init__`` drops those entries before anything else is imported
(see `lint._safe_path`); this repeats it for a start that bypassed it. A
folder named ``lint`` in the working directory is imported by Python before
scopelint runs at all: ``python -P -m lint`` (Python 3.11+) or the
``scopelint`` command avoid even that.
"""

from lint._safe_path import drop_working_directory

drop_working_directory()

from lint.cli import main  # noqa: E402

raise SystemExit(main())
