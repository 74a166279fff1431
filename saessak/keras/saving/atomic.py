"""Atomic saves: a crash during a save never leaves a broken file, nor loses the previous one.

A save writes a temporary file in the target's directory (same filesystem, so
the final rename is atomic), flushes it to disk (``fsync``), then renames it
over the target with ``os.replace`` and syncs the directory entry.  Until that
rename the old file is untouched; after it the new file is complete.  A process
killed in between leaves, at worst, a stray hidden ``.<name>.<random>.partial``
file next to the target, which is safe to delete.

``confirm_overwrite`` asks before replacing an existing file, as Keras does
with ``overwrite=False``.
"""

import contextlib
import os
import secrets
import stat

__all__ = ["atomic_write", "confirm_overwrite"]


def _resolve(path):
    path = os.path.abspath(os.fspath(path))
    if os.path.islink(path):
        path = os.path.realpath(path)  # replace the file the link points to, not the link
    return path


@contextlib.contextmanager
def atomic_write(path, directory=False):
    """Yield a temporary path; when the block succeeds, move it over ``path`` atomically.

    The caller writes the complete file (or, with ``directory=True``, a
    directory) at the yielded path.  If the block raises, the temporary is
    removed and ``path`` is left as it was.
    """
    path = _resolve(path)
    parent = os.path.dirname(path)
    os.makedirs(parent, exist_ok=True)
    if os.path.isdir(path) and not directory:
        raise IsADirectoryError(f"Cannot save to '{path}': it is a directory. Pass a file path such as "
                                f"'{os.path.join(path, 'model.keras')}'.")
    tmp = os.path.join(parent, f".{os.path.basename(path)}.{secrets.token_hex(4)}.partial")
    if not directory:
        # O_EXCL: never clobber anything; 0o666 so the final file gets the usual umask permissions.
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        yield tmp
        if directory:
            _replace_directory(tmp, path)
        else:
            _fsync(tmp)
            if os.path.exists(path):
                os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
            os.replace(tmp, path)
        _fsync_directory(parent)
    except BaseException:
        _remove(tmp)
        raise


def _fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(path):
    # Makes the rename itself durable; not possible on every platform (e.g. Windows).
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace_directory(tmp, path):
    """Directories cannot be swapped in one step: move the old one aside, the new one in, then delete."""
    import shutil  # noqa: PLC0415

    if not os.path.exists(path):
        os.replace(tmp, path)
        return
    aside = f"{tmp}.old"
    os.replace(path, aside)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.replace(aside, path)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _remove(path):
    import shutil  # noqa: PLC0415

    with contextlib.suppress(OSError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def confirm_overwrite(path, overwrite):
    """True if ``path`` may be written: it is new, ``overwrite`` is set, or the user answers 'y'."""
    if overwrite or not os.path.exists(path):
        return True
    try:
        answer = input(f"[WARNING] {path} already exists - overwrite? [y/n]").strip().lower()
        while answer not in ("y", "n"):
            answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    except EOFError:  # no interactive input (a script, a notebook without stdin): keep the file
        print(f"[WARNING] {path} already exists and overwrite=False: not saving.")
        return False
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True
