"""Reading and writing files without harm: the one set of helpers every command uses.

Writing (the PDF, ``--report``, ``export -o``, ``import -o``, ``init``, ``schema -o``):

* :func:`check_target` refuses, before any work, what the new file must not
  replace: the CV data, the PDF just built, a folder, a device or pipe, a
  symbolic link (``-o /dev/stdout`` once replaced the system's link, as root),
  anything in a system folder (/dev, /proc, /sys), or an existing file that is
  not an earlier file of the same kind.
* :func:`write_atomically` writes to a hidden temporary file beside the target
  (``.cv.pdf.x1y2z3ab.tmp``) and renames it into place, so the target is
  always whole: the previous file or the new one. A process killed between
  the two leaves its temporary file behind; the next write of the same target
  removes it. Each temporary file is locked while its writer lives (locks die
  with their process, even with kill -9), so a write running at the same time
  (20 builds to one file) keeps its own.
* ``-`` is standard output (:func:`write_output`).

Reading (:func:`read_limited`): only a regular file is read, never a device
or a pipe (``build /dev/zero`` read until memory ran out; a FIFO hung
forever), and at most ``limit`` bytes of it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Optional

from .errors import CVError, Position, Problem

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: no locks, so no clean-up of old temporary files
    fcntl = None  # type: ignore[assignment]

STDOUT = "-"  # the path that means standard output
#: folders of the system, where no file of ours belongs (and `-o /dev/stdout` must not go)
SYSTEM_FOLDERS = (Path("/dev"), Path("/proc"), Path("/sys"))
TEMP_SUFFIX = ".tmp"


def is_stdout(path: Optional[Path | str]) -> bool:
    return path is not None and str(path) == STDOUT


def shown(path: Path | str) -> str:
    """The path as a message shows it: ``-`` as "standard output"."""
    return "standard output" if is_stdout(path) else str(path)


def _problem(message: str, path: Path | str, hint: Optional[str] = None) -> CVError:
    return CVError([Problem(message, position=Position(str(path)), hint=hint)])


def system_folder(path: Path) -> Optional[Path]:
    """The system folder (/dev, /proc, /sys) that ``path`` is in, once the links in its folder
    are followed; None for anywhere else."""
    try:
        folder = Path(os.path.realpath(path.parent)) / path.name
    except (OSError, ValueError):
        return None
    for system in SYSTEM_FOLDERS:
        if folder == system or system in folder.parents:
            return system
    return None


def _refuse_unsafe(out: Path, label: str, thing: str, option: str, example: str) -> None:
    """A symbolic link, or a place in a system folder: the one check made again just before
    the rename (the rest of :func:`check_target` is about what the user meant)."""
    if os.path.islink(out):
        target = os.readlink(out)
        into_system = any(system_folder(p) for p in (out.parent / target, Path(os.path.realpath(out))))
        raise _problem(f"the {label} is a symbolic link (to {target}), which the {thing} would replace",
                       out, hint="to write to standard output, use " + f"{option} -" if into_system else
                       f"give the file it points to, e.g. {option} {os.path.realpath(out)}, or another path")
    system = system_folder(out)
    if system is not None:
        raise _problem(f"the {label} is in {system}, a folder of the system, where cv-builder writes nothing",
                       out, hint=f"to write to standard output, use {option} -; otherwise give a path "
                                 f"such as {example}")


def check_target(out: Path, starts: tuple[bytes, ...], thing: str = "PDF", label: str = "output",
                 option: str = "--output", example: str = "build/cv.pdf",
                 keep: tuple[Optional[Path], ...] = ()) -> None:
    """Refuse to replace what the file about to be written must not replace: a file in
    ``keep`` (the CV data, the PDF just built), a symbolic link, a folder, a device or pipe
    (`-o /dev/null` would replace /dev/null itself, when run as root), anything in /dev, /proc
    or /sys, or an existing file whose first bytes are not one of ``starts`` (so not an
    earlier file of this kind). Standard output (``-``) is always fine."""
    if is_stdout(out):
        return
    out = Path(out)
    for kept, name in zip(keep, ("the CV data itself", "the PDF this build writes")):
        if kept is not None and not is_stdout(kept) and out.resolve() == Path(kept).resolve():
            raise _problem(f"the {label} is {name}, which the {thing} would replace", out,
                           hint=f"choose another {option}, e.g. {example}")
    try:
        st = os.lstat(out)
    except OSError:
        st = None  # nothing there (or it cannot be read): write_atomically says why if it fails
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _problem(f"the {label} is a folder", out, hint=f"give a file name, e.g. {option} {out / Path(example).name}")
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISLNK(st.st_mode):
        raise _problem(f"the {label} is not a regular file (a device or a pipe, which the {thing} would replace)",
                       out, hint=f"give the path of a file, e.g. {option} {example}"
                                 + (f", or {option} - for standard output" if option == "--output" else ""))
    _refuse_unsafe(out, label, thing, option, example)
    if st is None:
        return
    try:
        with open(out, "rb") as f:
            head = f.read(16).lstrip()
    except OSError:
        return  # write_atomically will say why it cannot be written
    if head and not head.startswith(starts):
        raise _problem(f"this file exists and is not a {thing}, so it is left as it is", out,
                       hint=f"choose another {option}, or remove the file")


def check_output(out: Path | str, data: Optional[Path]) -> None:
    """Refuse to overwrite anything that is not a PDF (the CV data, above all); a PDF on
    standard output only when that is not a terminal."""
    if is_stdout(out):
        if _stdout_is_terminal():
            raise CVError([Problem("standard output is a terminal, where a PDF shows as garbage",
                                   position=Position(STDOUT),
                                   hint="redirect it to a file or a program (`-o - > cv.pdf`, `-o - | lpr`), "
                                        "or give a file name with --output")])
        return
    check_target(Path(out), (b"%PDF-",), keep=(data,))


def _stdout_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # a stream in memory (tests, a library caller)
        return False


def check_new(path: Path | str, force: bool = False, keep: Optional[Path] = None, thing: str = "file",
              example: str = "cv.yaml") -> None:
    """Whether a new file may be written at ``path`` (raises CVError if not): an existing file
    only with ``force``, and never ``keep`` (the CV data), a link, a folder, a device or a pipe."""
    if is_stdout(path):
        return
    path = Path(path)
    check_target(path, (b"",), thing=thing, example=example, keep=(keep,))
    if os.path.lexists(path) and not force:
        raise _problem("the file already exists; nothing was written", path,
                       hint="write to another path, or pass --force to replace it")


def write_new(path: Path | str, text: str, force: bool = False, keep: Optional[Path] = None, thing: str = "file",
              example: str = "cv.yaml") -> None:
    """Write a new file atomically (or to standard output), if :func:`check_new` allows it."""
    check_new(path, force, keep, thing, example)
    write_output(path, text.encode("utf-8"))


def write_output(path: Path | str, data: bytes) -> None:
    """``data`` to standard output for ``-``, else atomically to the file."""
    if is_stdout(path):
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # pragma: no cover - a text-only stream given by a library caller
            raise CVError([Problem("standard output takes no bytes here", position=Position(STDOUT))])
        sys.stdout.flush()
        out.write(data)
        out.flush()
        return
    write_atomically(Path(path), data)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place:
    an interrupted or failed build leaves the previous file as it was. Old temporary
    files of the same target, left by a process that was killed, are removed first."""
    path = Path(path)
    folder = path.parent
    _refuse_unsafe(path, "output", "file", "--output", "build/cv.pdf")
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        what = "a file, not a folder" if blocker == folder else f"a file, so the folder `{folder}` cannot be made"
        raise _problem(f"`{blocker}` is {what}", path, hint="choose another --output")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _problem(f"the output folder cannot be created: {exc.strerror}", folder,
                       hint="choose another --output") from None
    remove_stale(path)
    fd, tmp = _locked_temporary(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)  # (the lock goes with the file descriptor, closed after the rename)
    except OSError as exc:
        _unlink(tmp)
        raise _problem(f"the {'PDF' if path.suffix.lower() == '.pdf' else 'file'} cannot be written: "
                       f"{exc.strerror or exc}", path) from None
    except BaseException:
        _unlink(tmp)
        raise


_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def new_temporary(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file in ``folder`` named ``prefix`` + 8 random characters + ``suffix``, created for
    this caller alone (0600, O_EXCL: never an existing file, never through a link), open for
    writing: what ``tempfile.mkstemp`` does. (Importing tempfile costs 3.5 ms of every build's
    start, for random and shutil.) Raises OSError."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = prefix + "".join(_LETTERS[b % len(_LETTERS)] for b in os.urandom(8)) + suffix
        path = os.path.join(folder, name)
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def _locked_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, locked for as long as this process keeps it open."""
    for _ in range(5):
        try:
            fd, tmp = new_temporary(path.parent, f".{path.name}.", TEMP_SUFFIX)
        except OSError as exc:
            raise _problem(f"cannot write in the output folder: {exc.strerror}", path.parent,
                           hint="check its permissions, or choose another --output") from None
        if fcntl is None:
            return fd, tmp
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # waits only while another build's clean-up looks at it
        except OSError:
            return fd, tmp  # a file system without locks: written all the same
        if os.fstat(fd).st_nlink:
            return fd, tmp
        os.close(fd)  # removed by a clean-up between its creation and the lock: take another
    raise _problem("cannot write in the output folder: temporary files keep disappearing", path.parent)


def temporaries(path: Path) -> list[Path]:
    """The temporary files of :func:`write_atomically` for ``path`` now in its folder."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    n = len(prefix) + 8 + len(TEMP_SUFFIX)  # new_temporary's names: 8 random characters
    return [path.parent / name for name in names
            if len(name) == n and name.startswith(prefix) and name.endswith(TEMP_SUFFIX)]


def remove_stale(path: Path) -> None:
    """Remove the temporary files of ``path`` whose writer has died (its lock is gone)."""
    if fcntl is None:
        return
    for tmp in temporaries(path):
        try:
            fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        except OSError:
            continue  # gone already, or a link: not ours
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its writer is alive (or there are no locks here): leave it
            if os.path.samestat(st, os.lstat(tmp)):
                os.unlink(tmp)
        except OSError:
            pass
        finally:
            os.close(fd)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# -- reading ----------------------------------------------------------------------
def read_limited(path: Path | str, name: Optional[str] = None, limit: int = 5 * 1024 * 1024,
                 kind: str = "YAML file", missing: Optional[str] = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a CVError saying why not:
    missing (``missing`` is the advice), a folder, a device, pipe or socket (not opened at
    all: opening some devices does something, and a pipe would wait for a writer), or too
    large. What is read is bounded even if the file grows meanwhile."""
    path = Path(path)
    name = name or str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _problem("the file does not exist", name, hint=missing) from None
    except OSError as exc:
        raise _problem(f"the file cannot be read: {exc.strerror}", name) from None
    _check_regular(st, name, kind, limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _problem(f"the file cannot be read: {exc.strerror}", name) from None
    try:
        _check_regular(os.fstat(fd), name, kind, limit)  # (what was opened may not be what was looked at)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _problem(f"the file cannot be read: {exc.strerror}", name) from None
    finally:
        os.close(fd)
    if size > limit:
        raise _too_large(name, size, limit, grew=True)
    return b"".join(chunks)


def _check_regular(st: os.stat_result, name: str, kind: str, limit: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise _problem(f"this is a folder, not a {kind}", name)
    if not stat.S_ISREG(st.st_mode):
        raise _problem(f"this is not a regular file (it is a device, a pipe or a socket), so it is not read",
                       name, hint=f"give the path of a {kind}")
    if st.st_size > limit:
        raise _too_large(name, st.st_size, limit)


def _too_large(name: str, size: int, limit: int, grew: bool = False) -> CVError:
    what = "more than" if grew else ""
    return CVError([Problem(f"the file is too large for a CV ({what + ' ' if what else ''}{size / 1048576:.1f} MB)",
                            position=Position(name), expected=f"at most {limit // 1048576} MB",
                            hint="is this the right file? A CV's data is a few kilobytes")])


def named_file(text: str, label: str = "output", option: str = "--output", example: str = "build/cv.pdf") -> Path:
    """The path of a file to write as the user typed it: ``-`` stays ``-``; a path that ends
    with a slash names a folder (``Path`` would drop the slash, and a file named like the
    folder would be written), which is refused here."""
    if not is_stdout(text) and text.endswith(("/", os.sep) + ((os.altsep,) if os.altsep else ())):
        raise _problem(f"the {label} ends with `{text[-1]}`, so it names a folder, not a file", text,
                       hint=f"give a file name, e.g. {option} {text}{Path(example).name}")
    return Path(text)
