"""Output files: `-o` to anything but a regular file or a new path is refused, every write is
atomic and leaves no temporary file, leftovers of killed runs are swept, imports never replace
files that are not theirs, and every command that writes a PDF gives the same bytes twice."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from conftest import ROOT, write
from paiban import build
from paiban.errors import OutputError
from paiban.files import TEMP_NAME, atomic_write, check_output

DATA = ROOT / "tests" / "data"
ARTICLE = "---\ntitle: 标题\n---\n\n正文，第一段。\n\n第二段。\n"
SPECIAL_HINT = ("  hint: paiban replaces its output by renaming a finished file over it, which would replace "
                "the special file; give a file name (to only check that it builds, write to a temporary file)")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def paiban(*args, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAIBAN_CACHE_DIR": str(cwd / ".cache")}
    return subprocess.run([sys.executable, "-m", "paiban", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env=env)


def listing(folder: Path) -> dict[str, object]:
    """Every entry under `folder` (the cache aside) with what it is: the bytes of a regular file,
    the target of a link, the type and device number of anything else. Nothing is opened but
    regular files, so a FIFO is never read."""
    out: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts[0] == ".cache":
            continue
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            out[str(rel)] = ("link", os.readlink(path))
        elif stat.S_ISREG(info.st_mode):
            out[str(rel)] = path.read_bytes()
        else:
            out[str(rel)] = (stat.S_IFMT(info.st_mode), info.st_rdev)
    return out


@pytest.fixture
def here(tmp_path: Path) -> Path:
    write(tmp_path / "a.md", ARTICLE)
    return tmp_path


def image_pdf(folder: Path) -> Path:
    """A one-page PDF with one image, so that an import writes an image file."""
    pdf = folder / "rich.pdf"
    build(DATA / "import_rich.md", "magazine", pdf)
    doc = pymupdf.open(pdf)
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 16, 12), False)
    pixmap.clear_with(180)
    doc[0].insert_image(pymupdf.Rect(320, 600, 480, 720), pixmap=pixmap)
    doc.save(folder / "scan.pdf")
    pdf.unlink()
    return folder / "scan.pdf"


# --------------------------------------------------------------------------- special files


def test_dev_null_is_refused_before_anything_is_written():
    """The CI idiom `-o /dev/null` turned the system's null device into a PDF when run as root;
    the check only looks (stat), so running it here cannot harm the device."""
    with pytest.raises(OutputError) as caught:
        check_output("/dev/null")
    assert caught.value.message == "cannot write the PDF: /dev/null is a character device, not a regular file"
    assert str(caught.value.source) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not IS_ROOT, reason="making a character device needs root")
def test_a_character_device_as_output_is_refused(here: Path):
    try:
        os.mknod(here / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second null device
    except OSError as exc:
        pytest.skip(f"mknod: {exc.strerror}")
    before = listing(here)
    done = paiban("build", "a.md", "-o", "null", cwd=here)
    assert done.returncode == 2
    assert done.stderr == ("null: error: cannot write the PDF: null is a character device, not a regular file\n"
                           + SPECIAL_HINT + "\n")
    assert stat.S_ISCHR((here / "null").lstat().st_mode)
    assert listing(here) == before


COMMANDS = {
    "build": ("build", "a.md", "-o", "{out}"),
    "build --print": ("build", "a.md", "--print", "-o", "{out}"),
    "booklet": ("booklet", "booklet.yaml", "-o", "{out}"),
    "impose": ("impose", "a.pdf", "-o", "{out}"),
    "import": ("import", str(DATA / "seed_page.txt"), "-o", "{out}"),
    "compare": ("compare", "a.md", "--style", "magazine", "--style", "handout", "-o", "{out}"),
}
WHAT = {"import": "the article", "compare": "the PNG"}


def command_folder(here: Path) -> Path:
    write(here / "booklet.yaml", "title: 汇编\narticles:\n  - a.md\n")
    (here / "a.pdf").write_bytes(build(here / "a.md").pdf)
    return here


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_as_output_is_refused_without_blocking(here: Path, command: str):
    """Every command checks -o before it opens anything: opening a FIFO for writing would block
    until a reader comes, and a rename would replace it."""
    command_folder(here)
    os.mkfifo(here / "pipe")
    before = listing(here)
    done = paiban(*(a.format(out="pipe") for a in COMMANDS[command]), cwd=here, timeout=60)
    assert done.returncode == 2, done.stderr
    what = WHAT.get(command, "the PDF")
    assert done.stderr.endswith(f"pipe: error: cannot write {what}: pipe is a FIFO (named pipe), not a regular file\n"
                                + SPECIAL_HINT + "\n")
    assert stat.S_ISFIFO((here / "pipe").lstat().st_mode)
    assert listing(here) == before


def test_a_socket_as_output_is_refused(here: Path):
    import socket

    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(here / "sock"))
        before = listing(here)
        done = paiban("build", "a.md", "-o", "sock", cwd=here)
    finally:
        sock.close()
    assert done.returncode == 2
    assert done.stderr.startswith("sock: error: cannot write the PDF: sock is a socket, not a regular file\n")
    assert listing(here) == before


@pytest.mark.parametrize(("command", "hint"), [("build", "out.pdf"), ("import", "article.md")])
def test_a_folder_as_output_is_refused(here: Path, command: str, hint: str):
    write(here / "out" / "keep", "")
    before = listing(here)
    done = paiban(*(a.format(out="out") for a in COMMANDS[command]), cwd=here)
    assert done.returncode == 2
    what = WHAT.get(command, "the PDF")
    assert done.stderr == f"out: error: cannot write {what}: out is a folder\n  hint: give a file name, e.g. -o {hint}\n"
    assert listing(here) == before


# --------------------------------------------------------------------------- symbolic links


def test_a_symlink_is_followed_and_stays_a_link(here: Path):
    """`latest.pdf -> issues/2026-11.pdf`: the dated file is replaced, the link is kept."""
    write(here / "issues" / "2026-11.pdf", "old")
    os.symlink("issues/2026-11.pdf", here / "latest.pdf")
    done = paiban("build", "a.md", "-o", "latest.pdf", cwd=here)
    assert done.returncode == 0, done.stderr
    assert os.readlink(here / "latest.pdf") == "issues/2026-11.pdf"
    assert (here / "issues" / "2026-11.pdf").read_bytes() == build(here / "a.md").pdf
    assert sorted(p.name for p in here.iterdir() if p.name != ".cache") == ["a.md", "issues", "latest.pdf"]
    assert [p.name for p in (here / "issues").iterdir()] == ["2026-11.pdf"]


def test_a_dangling_symlink_creates_its_target(here: Path):
    os.symlink("made.pdf", here / "link.pdf")
    done = paiban("build", "a.md", "-o", "link.pdf", cwd=here)
    assert done.returncode == 0, done.stderr
    assert (here / "link.pdf").is_symlink()
    assert (here / "made.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_symlink_to_a_fifo_is_refused(here: Path):
    os.mkfifo(here / "pipe")
    os.symlink("pipe", here / "out.pdf")
    before = listing(here)
    done = paiban("build", "a.md", "-o", "out.pdf", cwd=here, timeout=60)
    assert done.returncode == 2
    assert done.stderr == ("out.pdf: error: cannot write the PDF: out.pdf (a link to pipe) is a FIFO "
                           "(named pipe), not a regular file\n" + SPECIAL_HINT + "\n")
    assert listing(here) == before


def test_a_symlink_loop_is_refused(here: Path):
    os.symlink("loop.pdf", here / "loop.pdf")
    before = listing(here)
    done = paiban("build", "a.md", "-o", "loop.pdf", cwd=here)
    assert done.returncode == 2
    assert done.stderr == ("loop.pdf: error: cannot write the PDF: loop.pdf is a symbolic link that leads back to "
                           "itself (a link loop)\n  hint: remove the link or give another file name\n")
    assert listing(here) == before


def test_the_cache_replaces_a_planted_link_instead_of_following_it(tmp_path: Path):
    """In folders paiban owns (the cache) a link is not the user's: it is replaced, and the file
    it points to is left alone."""
    victim = write(tmp_path / "victim.txt", "keep me")
    os.symlink(victim, tmp_path / "entry")
    atomic_write(tmp_path / "entry", b"cache data", follow_symlinks=False)
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "entry").is_symlink()
    assert (tmp_path / "entry").read_bytes() == b"cache data"


# --------------------------------------------------------------------------- read-only folders


@pytest.mark.parametrize(("command", "what"), [("build", "the PDF"), ("import", "the article")])
def test_a_read_only_folder_is_an_error(here: Path, command: str, what: str):
    locked = here / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("this user may write into a read-only folder (root)")
        done = paiban(*(a.format(out="locked/out") for a in COMMANDS[command]), cwd=here)
        assert done.returncode == 2
        assert done.stderr.endswith(f"locked/out: error: cannot write {what}: the folder locked is not writable "
                                    "(Permission denied)\n  hint: give an output in a folder you may write to\n")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_folder_that_refuses_the_temporary_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The same message where root can write anyway: the refusal is made at the temporary file."""
    real_open = os.open

    def refuse(path, flags, mode=0o777, **kw):
        if TEMP_NAME.match(os.path.basename(path)):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, mode, **kw)

    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    with pytest.raises(OutputError) as caught:
        atomic_write(Path("out/a.md"), b"text", "the article")
    assert str(caught.value) == ("out/a.md: error: cannot write the article: the folder out is not writable "
                                 "(Permission denied)\n  hint: give an output in a folder you may write to")
    assert list((tmp_path / "out").iterdir()) == []


# --------------------------------------------------------------------------- the write itself


def test_the_file_is_synced_before_the_rename_and_the_folder_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        events.append(f"rename {os.path.basename(src)}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(tmp_path / "a.pdf", b"%PDF-1.4 data")
    assert events[0] == "fsync file" and events[2] == "fsync folder" and len(events) == 3
    temp = events[1].removeprefix("rename ")
    assert TEMP_NAME.match(temp) and temp.startswith(f".a.pdf.paiban-{os.getpid()}-")
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-1.4 data"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


@pytest.mark.parametrize("fails", ["write", "fsync", "rename"])
def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str):
    """A disk that fills up while writing (or only at the flush, as with delayed allocation)."""
    article = write(tmp_path / "article.md", "---\ntitle: 旧文章\n---\n\n用户的文章。\n")
    full = OSError(errno.ENOSPC, "No space left on device")
    if fails == "write":
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2 + 1])  # cut in the middle of a character
                raise full

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Half(real_fdopen(fd, mode)))
    elif fails == "fsync":
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(full))
    else:
        monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(full))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as caught:
        atomic_write(Path("article.md"), "新的文章内容。".encode() * 100, "the article")
    assert str(caught.value) == "article.md: error: cannot write the article: No space left on device"
    assert article.read_text(encoding="utf-8") == "---\ntitle: 旧文章\n---\n\n用户的文章。\n"
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 512 KiB tmpfs, where mounting one is allowed (root in a container that permits it)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def fill(folder: Path) -> None:
    """Fill the file system of `folder` to the last byte."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        with pytest.raises(OSError) as caught:
            while True:
                fh.write(b"\0" * 4096)
    assert caught.value.errno == errno.ENOSPC


def test_import_on_a_full_disk_keeps_the_article(small_disk: Path, here: Path):
    article = write(small_disk / "article.md", "---\ntitle: 旧文章\n---\n\n用户的文章。\n")
    old_pdf = small_disk / "a.pdf"
    old_pdf.write_bytes(b"%PDF-1.4 the last good one")
    fill(small_disk)
    done = paiban("import", DATA / "seed_page.txt", "-o", small_disk / "article.md", cwd=here)
    assert done.returncode == 2
    assert done.stderr.endswith("error: cannot write the article: No space left on device\n")
    built = paiban("build", "a.md", "-o", old_pdf, cwd=here)
    assert built.returncode == 2
    assert built.stderr.endswith("error: cannot write the PDF: No space left on device\n")
    assert article.read_text(encoding="utf-8") == "---\ntitle: 旧文章\n---\n\n用户的文章。\n"
    assert old_pdf.read_bytes() == b"%PDF-1.4 the last good one"
    assert sorted(p.name for p in small_disk.iterdir()) == ["a.pdf", "article.md", "filler"]


# --------------------------------------------------------------------------- leftovers


def test_leftovers_of_a_killed_run_are_swept_by_the_next_run(here: Path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    stale = write(here / "out" / f".a.pdf.paiban-{dead}-0123abcd.tmp", "half a PDF")
    live = write(here / "out" / f".b.pdf.paiban-{os.getpid()}-89abcdef.tmp", "a write in flight")
    other = write(here / "out" / ".a.pdf.tmp", "not paiban's pattern")
    mine = write(here / "out" / f"notes.paiban-{dead}-0123abcd.tmp", "no leading dot: a user's file")
    done = paiban("build", "a.md", "-o", "out/a.pdf", cwd=here)
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert live.exists() and other.exists() and mine.exists()
    assert sorted(p.name for p in (here / "out").iterdir()) == sorted(
        ["a.pdf", live.name, other.name, mine.name])


# --------------------------------------------------------------------------- import


def test_import_never_replaces_an_image_that_is_not_its_own(tmp_path: Path):
    scan = image_pdf(tmp_path)
    own = tmp_path / "out"
    photo = write(own / "article-1.png", "the user's own picture")
    before = listing(tmp_path)
    done = paiban("import", scan, "-o", "out/article.md", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == ("out/article-1.png: error: cannot write the image out/article-1.png: a different file "
                           "of that name is there, and out/article.md does not refer to it\n"
                           "  hint: images are named after the article: move that file away, or give -o another name\n")
    assert listing(tmp_path) == before
    assert photo.read_text() == "the user's own picture"


def test_import_run_again_replaces_its_own_images(tmp_path: Path):
    scan = image_pdf(tmp_path)
    first = paiban("import", scan, "-o", "out/article.md", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (tmp_path / "out" / "article-1.png").write_bytes(b"an older import's image")
    again = paiban("import", scan, "-o", "out/article.md", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert pymupdf.Pixmap(str(tmp_path / "out" / "article-1.png")).width == 16
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["article-1.png", "article.md"]


def test_import_without_output_puts_images_in_the_cache_not_the_working_folder(tmp_path: Path):
    scan = image_pdf(tmp_path)
    photo = write(tmp_path / "scan-1.png", "the user's own picture")
    before = listing(tmp_path)
    done = paiban("import", scan, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert listing(tmp_path) == before
    assert photo.read_text() == "the user's own picture"
    [folder] = (tmp_path / ".cache" / "imports").iterdir()
    image = folder / "scan-1.png"
    assert pymupdf.Pixmap(str(image)).width == 16
    assert done.stdout.endswith(f"\n\n![]({image})\n")
    assert f"the images are in the cache folder {folder}; give -o ARTICLE.md to write them beside the article" \
        in done.stderr
    # the printed article builds: its figure is found where the Markdown says
    write(tmp_path / "printed.md", done.stdout)
    built = paiban("build", "printed.md", "-o", "printed.pdf", cwd=tmp_path)
    assert built.returncode == 0, built.stderr


# --------------------------------------------------------------------------- same bytes twice


@pytest.mark.parametrize("command", ["build", "build --print", "booklet", "impose"])
def test_every_pdf_command_gives_the_same_bytes_twice(here: Path, command: str):
    command_folder(here)
    outputs = []
    for run in ("one.pdf", "two.pdf"):
        done = paiban(*(a.format(out=run) for a in COMMANDS[command]), cwd=here)
        assert done.returncode == 0, done.stderr
        outputs.append((here / run).read_bytes())
    assert outputs[0][:5] == b"%PDF-"
    assert outputs[0] == outputs[1]


def test_import_never_writes_over_its_page_file(tmp_path: Path):
    page = write(tmp_path / "page.txt", (DATA / "seed_page.txt").read_text(encoding="utf-8"))
    before = listing(tmp_path)
    done = paiban("import", "page.txt", "-o", "page.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == ("page.txt: error: the output page.txt is a page file of this import and would be "
                           "overwritten\n  hint: give another output file with -o, e.g. -o article.md\n")
    assert listing(tmp_path) == before
    assert page.read_text(encoding="utf-8") == (DATA / "seed_page.txt").read_text(encoding="utf-8")


def test_a_new_file_gets_the_umask_permissions_and_an_old_one_keeps_its_own(tmp_path: Path):
    atomic_write(tmp_path / "new.pdf", b"new")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o666 & ~mask
    old = write(tmp_path / "old.pdf", "old")
    old.chmod(0o600)
    atomic_write(old, b"replaced")
    assert old.stat().st_mode & 0o777 == 0o600 and old.read_bytes() == b"replaced"


def test_the_temporary_file_of_a_writer_killed_before_its_rename_is_swept(here: Path):
    """A real `kill -9` in the window between writing and renaming (held open by a slow fsync)."""
    out = here / "out"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"%PDF-1.4 the last good one")
    writer = subprocess.Popen([sys.executable, "-c", (
        "import os, sys, time\n"
        "from paiban.files import atomic_write\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); time.sleep(60)\n"
        "os.fsync = slow\n"
        "atomic_write(sys.argv[1], b'%PDF-1.4 new')\n"), str(out / "a.pdf")], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "writing\n"
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()
    [left] = [p.name for p in out.iterdir() if p.name != "a.pdf"]
    assert TEMP_NAME.match(left) and left.startswith(f".a.pdf.paiban-{writer.pid}-")
    assert (out / "a.pdf").read_bytes() == b"%PDF-1.4 the last good one"
    done = paiban("build", "a.md", "-o", "out/a.pdf", cwd=here)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir()] == ["a.pdf"]
