from pathlib import Path

import pytest

from pacnet_kiosk.session_cleanup import UnsafeFolder, empty_folder, session_cleanup


def test_the_profile_and_downloads_are_emptied_and_left_in_place(tmp_path):
    profile, downloads = tmp_path / "profile", tmp_path / "downloads"
    (profile / "cache").mkdir(parents=True)
    (profile / "cookies.sqlite").write_text("secret")
    (profile / "cache" / "page").write_text("x")
    downloads.mkdir()
    (downloads / "cv.pdf").write_text("pdf")
    session_cleanup(str(profile), str(downloads))
    assert profile.is_dir() and list(profile.iterdir()) == []
    assert downloads.is_dir() and list(downloads.iterdir()) == []


def test_a_missing_folder_is_created_empty(tmp_path):
    empty_folder(tmp_path / "new" / "downloads")
    assert (tmp_path / "new" / "downloads").is_dir()


def test_a_read_only_file_is_removed_too(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    locked = tmp_path / "d" / "sub" / "ro.txt"
    locked.write_text("x")
    locked.chmod(0o400)
    empty_folder(tmp_path / "d")
    assert list((tmp_path / "d").iterdir()) == []


@pytest.mark.parametrize("folder", [Path("/"), Path.home()])
def test_a_whole_disk_or_home_folder_is_never_emptied(folder):
    with pytest.raises(UnsafeFolder):
        empty_folder(folder)


def test_folders_not_configured_are_left_alone(tmp_path):
    session_cleanup("", "")
